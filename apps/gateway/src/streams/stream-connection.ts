import { WebSocket } from 'ws';

import { type Logger } from '@exchange/shared-util-logging';

import { type EventFrame } from './event-frame';
import { joinFrames, type QueuedFrames, queueWrite } from './frame-writer';
import { type StreamHubService, type StreamSubscriber } from './stream-hub.service';
import { type RequestId, type StreamError, parseStreamRequest } from './stream-request';
import { type ResolvedStream, type StreamResolver } from './stream-resolver';
import { type StreamsConfig } from './streams.config';
import { type StreamsMetrics } from './streams.metrics';

/** The TCP socket under a `ws` WebSocket (`ws` keeps it as `_socket`); absent before the upgrade and in test doubles. */
type Tcp = { write(data: Buffer): boolean; writable: boolean };

export interface ConnectionContext {
  hub: StreamHubService;
  resolver: StreamResolver;
  metrics: StreamsMetrics;
  config: StreamsConfig;
  logger: Logger;
}

/**
 * One client's WebSocket: its subscriptions, its requests answered one at a time in order, and its events, which
 * stop (and the connection with them) once the client leaves more than `WS_SEND_BUFFER_BYTES` unread.
 */
export class StreamConnection implements StreamSubscriber, QueuedFrames {
  private readonly streams = new Set<string>();
  /** Event frames (whole WebSocket frames) waiting for the writer, and their bytes. */
  private queued: Buffer[] = [];
  private queuedBytes = 0;
  /**
   * The socket's own unsent bytes (`bufferedAmount`) as read after this connection's last write or reply: it only
   * shrinks until the next one (the kernel takes what waits), so the slow-consumer check of each delivered frame
   * reads this field instead of `ws`'s getter (four loads into the WebSocket, its TCP socket and their states, for
   * every frame and connection: 6 % of the gateway's CPU at 5,000 subscribers), and reads the live value only when
   * this one says the limit is passed. `ws`'s own pings and pongs do not update it (a control frame's bytes at most,
   * and only while the kernel holds the socket's earlier bytes, until the next write).
   */
  private socketBacklog: number;
  private requests: Promise<void> = Promise.resolve();
  private closed = false;
  /** Messages the client may still send now: refilled at WS_MESSAGES_PER_SECOND, up to WS_MESSAGE_BURST. */
  private allowance: number;
  private allowanceAt = Date.now();
  lastPongAt = Date.now();

  constructor(
    readonly socket: WebSocket,
    private combined: boolean,
    private readonly context: ConnectionContext,
  ) {
    context.metrics.connections.inc();
    this.socketBacklog = socket.bufferedAmount;
    this.allowance = context.config.WS_MESSAGE_BURST;
    socket.on('message', (data) => {
      if (this.admit()) this.onMessage(String(data));
    });
    socket.on('ping', () => void this.admit());
    socket.on('pong', () => {
      this.lastPongAt = Date.now();
    });
    socket.on('close', () => this.release());
    socket.on('error', (error) => context.logger.debug({ err: error }, 'WebSocket error'));
  }

  /** Subscribes the streams named in the connection's URL, already checked; rejects if one cannot start. */
  open(streams: ResolvedStream[]): Promise<void> {
    const opened = this.requests.then(() => this.subscribeAll(streams));
    this.requests = opened.catch(() => undefined);
    return opened;
  }

  /**
   * Queues the event's frame (the same Buffer for every subscriber of the form) for the writer (`frame-writer.ts`),
   * which writes every frame waiting for this connection in one write after the I/O turn; what waits counts as
   * unsent for the slow-consumer check.
   */
  deliver(frame: EventFrame): boolean {
    if (this.closed) return false;
    const bytes = this.combined ? frame.combinedFrame : frame.rawFrame;
    if (!this.roomFor(bytes.length)) return false;
    if (this.queued.push(bytes) === 1) queueWrite(this);
    this.queuedBytes += bytes.length;
    return true;
  }

  /**
   * Writes the waiting event frames to the TCP socket as they are, bypassing `ws`'s sender: they are whole text
   * frames already, `ws` writes its own frames (replies, pings, close) straight to the same socket, and per-message
   * compression is not offered, so the bytes are what `send` would have written. Before a reply or a close, so
   * that everything keeps the order it was sent in.
   */
  writeQueued(): void {
    if (this.queued.length === 0) return;
    const frames = this.queued;
    this.queued = [];
    this.queuedBytes = 0;
    const tcp = (this.socket as unknown as { _socket?: Tcp })._socket;
    if (this.closed || this.socket.readyState !== WebSocket.OPEN || !tcp?.writable) return;
    tcp.write(joinFrames(frames));
    this.socketBacklog = this.socket.bufferedAmount;
  }

  /** A user-data stream of this connection ended (its listen key is gone): like Binance, close the connection. */
  end(name: string): void {
    if (this.closed || !this.streams.has(name)) return;
    this.writeQueued();
    this.release();
    this.socket.close(1000, 'listenKey expired');
  }

  /** Counts one incoming message against the connection's rate; a client over it is disconnected. */
  private admit(): boolean {
    if (this.closed) return false;
    const { WS_MESSAGES_PER_SECOND: rate, WS_MESSAGE_BURST: burst } = this.context.config;
    const now = Date.now();
    this.allowance = Math.min(burst, this.allowance + ((now - this.allowanceAt) / 1000) * rate);
    this.allowanceAt = now;
    if (this.allowance >= 1) {
      this.allowance -= 1;
      return true;
    }
    this.context.metrics.floodDisconnects.inc();
    this.context.logger.warn(
      { streams: this.streams.size },
      'disconnecting a WebSocket client over its message rate',
    );
    this.release();
    this.socket.close(1008, 'Too many messages');
    return false;
  }

  private onMessage(text: string): void {
    void this.enqueue(() => this.handle(text));
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    this.requests = this.requests.then(task).catch((error: unknown) => {
      this.context.logger.error({ err: error }, 'WebSocket request failed');
    });
    return this.requests;
  }

  private async handle(text: string): Promise<void> {
    if (this.closed) return;
    const parsed = parseStreamRequest(text);
    if (!parsed.ok) return this.replyError(parsed.error, parsed.id);
    const request = parsed.request;
    switch (request.method) {
      case 'SUBSCRIBE': {
        const resolved = await this.context.resolver.resolve(request.params);
        if (!resolved.ok) return this.replyError(resolved.error, request.id);
        const fresh = resolved.streams.filter((s) => !this.streams.has(s.name));
        if (this.streams.size + fresh.length > this.context.config.WS_MAX_STREAMS_PER_CONNECTION) {
          return this.replyError(
            {
              code: 2,
              msg: `Invalid request: at most ${this.context.config.WS_MAX_STREAMS_PER_CONNECTION} streams per connection`,
            },
            request.id,
          );
        }
        try {
          await this.subscribeAll(fresh);
        } catch (error) {
          this.context.logger.error({ err: error }, 'starting a stream failed');
          return this.replyError(
            { code: 2, msg: 'Invalid request: the stream is unavailable, retry' },
            request.id,
          );
        }
        return this.reply({ result: null, id: request.id });
      }
      case 'UNSUBSCRIBE': {
        const checked = this.context.resolver.check(request.params);
        if (!checked.ok) return this.replyError(checked.error, request.id);
        for (const name of request.params) this.unsubscribe(name);
        return this.reply({ result: null, id: request.id });
      }
      case 'LIST_SUBSCRIPTIONS':
        return this.reply({ result: [...this.streams], id: request.id });
      case 'SET_PROPERTY':
        this.combined = request.value;
        return this.reply({ result: null, id: request.id });
      case 'GET_PROPERTY':
        return this.reply({ result: this.combined, id: request.id });
    }
  }

  /**
   * All or nothing: when one stream fails to start, the ones this request started are stopped again before the
   * error is answered, so that a refused SUBSCRIBE leaves the connection's streams as they were.
   */
  private async subscribeAll(streams: ResolvedStream[]): Promise<void> {
    const started: string[] = [];
    for (const { name, spec, symbol } of streams) {
      if (this.closed || this.streams.has(name)) continue;
      this.streams.add(name);
      this.context.metrics.subscriptions.inc();
      try {
        await this.context.hub.subscribe(name, spec, symbol, this);
      } catch (error) {
        if (this.streams.delete(name)) this.context.metrics.subscriptions.dec();
        for (const earlier of started) this.unsubscribe(earlier);
        throw error;
      }
      started.push(name);
      // The client may have gone while the stream started: do not keep it alive for nobody.
      if (this.closed) this.context.hub.unsubscribe(name, this);
    }
  }

  private unsubscribe(name: string): void {
    if (!this.streams.delete(name)) return;
    this.context.metrics.subscriptions.dec();
    this.context.hub.unsubscribe(name, this);
  }

  private replyError(error: StreamError, id: RequestId): void {
    this.reply({ error, id });
  }

  private reply(body: object): void {
    this.send(JSON.stringify(body));
  }

  private send(text: string): void {
    if (this.closed || !this.roomFor(text.length)) return;
    this.writeQueued();
    this.socket.send(text);
    this.socketBacklog = this.socket.bufferedAmount;
    this.context.metrics.messagesSent.inc();
  }

  /**
   * False, and the connection dropped, when the client has left more than WS_SEND_BUFFER_BYTES unread (in the socket's
   * buffer, or waiting for the writer).
   */
  private roomFor(length: number): boolean {
    const limit = this.context.config.WS_SEND_BUFFER_BYTES;
    if (this.socketBacklog + this.queuedBytes + length <= limit) return true;
    // The backlog read at the last write may have drained since: decide on the live value.
    this.socketBacklog = this.socket.bufferedAmount;
    const unsent = this.socketBacklog + this.queuedBytes;
    if (unsent + length <= limit) return true;
    this.context.metrics.slowConsumerDisconnects.inc();
    this.context.logger.warn(
      { bufferedBytes: unsent, streams: this.streams.size },
      'disconnecting a slow WebSocket consumer',
    );
    this.release();
    this.socket.terminate();
    return false;
  }

  /** Leaves every stream; runs once, when the socket closes or is dropped. */
  private release(): void {
    if (this.closed) return;
    this.closed = true;
    this.queued = [];
    this.queuedBytes = 0;
    for (const name of [...this.streams]) this.unsubscribe(name);
    this.context.metrics.connections.dec();
  }
}

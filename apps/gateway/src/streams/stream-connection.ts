import { type WebSocket } from 'ws';

import { type Logger } from '@exchange/shared-util-logging';

import { corkForThisTurn, type EventFrame } from './event-frame';
import { type StreamHubService, type StreamSubscriber } from './stream-hub.service';
import { type RequestId, type StreamError, parseStreamRequest } from './stream-request';
import { type ResolvedStream, type StreamResolver } from './stream-resolver';
import { type StreamsConfig } from './streams.config';
import { type StreamsMetrics } from './streams.metrics';

const TEXT = { binary: false } as const;

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
export class StreamConnection implements StreamSubscriber {
  private readonly streams = new Set<string>();
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

  deliver(frame: EventFrame): boolean {
    if (this.closed) return false;
    const bytes = this.combined ? frame.combined : frame.raw;
    if (!this.roomFor(bytes.length)) return false;
    // The same Buffer for every subscriber, sent as a text frame; the writes of this I/O turn go out together.
    corkForThisTurn(this.socket);
    this.socket.send(bytes, TEXT);
    return true;
  }

  /** A user-data stream of this connection ended (its listen key is gone): like Binance, close the connection. */
  end(name: string): void {
    if (this.closed || !this.streams.has(name)) return;
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

  private async subscribeAll(streams: ResolvedStream[]): Promise<void> {
    for (const { name, spec, symbol } of streams) {
      if (this.closed || this.streams.has(name)) continue;
      this.streams.add(name);
      this.context.metrics.subscriptions.inc();
      try {
        await this.context.hub.subscribe(name, spec, symbol, this);
      } catch (error) {
        if (this.streams.delete(name)) this.context.metrics.subscriptions.dec();
        throw error;
      }
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
    this.socket.send(text);
    this.context.metrics.messagesSent.inc();
  }

  /** False, and the connection dropped, when the client has left more than WS_SEND_BUFFER_BYTES unread. */
  private roomFor(length: number): boolean {
    if (this.socket.bufferedAmount + length <= this.context.config.WS_SEND_BUFFER_BYTES) return true;
    this.context.metrics.slowConsumerDisconnects.inc();
    this.context.logger.warn(
      { bufferedBytes: this.socket.bufferedAmount, streams: this.streams.size },
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
    for (const name of [...this.streams]) this.unsubscribe(name);
    this.context.metrics.connections.dec();
  }
}

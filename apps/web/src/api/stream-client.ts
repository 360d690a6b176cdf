import { wsBaseUrl } from '../config';

export type ConnectionState = 'connecting' | 'open' | 'reconnecting';

export interface StreamHandlers {
  /** Every event of the stream (the `data` of a combined-stream message). */
  onEvent(event: unknown): void;
  /**
   * The server acknowledged the subscription (again, after a reconnect): events flow from here on, so a snapshot
   * fetched now is not older than the first event, and anything missed while disconnected must be fetched again.
   */
  onLive?(): void;
}

const MAX_BACKOFF_MS = 10_000;
const OPEN = 1;

/** The browser's WebSocket, or any class with its API (the tests use the `ws` package's client). */
type WebSocketClass = new (url: string) => WebSocket;

/** The stream name of a raw (not combined) Binance event, so both message shapes route the same way. */
function streamOf(event: Record<string, unknown>): string | undefined {
  const symbol = typeof event['s'] === 'string' ? event['s'].toLowerCase() : undefined;
  switch (event['e']) {
    case 'trade':
      return `${symbol}@trade`;
    case 'depthUpdate':
      return `${symbol}@depth`;
    case '24hrMiniTicker':
      return `${symbol}@miniTicker`;
    case '24hrTicker':
      return `${symbol}@ticker`;
    case 'kline': {
      const k = event['k'] as { i?: string } | undefined;
      return `${symbol}@kline_${k?.i}`;
    }
    default:
      return undefined;
  }
}

/**
 * One WebSocket to the gateway's Binance-style `/stream` endpoint, shared by every view. Subscriptions are
 * reference-counted and re-sent after each reconnect; reconnects back off exponentially up to 10 s.
 */
export class StreamClient {
  private socket: WebSocket | undefined;
  private readonly handlers = new Map<string, Set<StreamHandlers>>();
  private readonly stateListeners = new Set<(state: ConnectionState) => void>();
  /** SUBSCRIBE requests awaiting their ack, by request id. */
  private readonly pendingAcks = new Map<number, string[]>();
  /** Streams the server has acknowledged on the current connection. */
  private readonly live = new Set<string>();
  private state: ConnectionState = 'connecting';
  private attempt = 0;
  private nextId = 1;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly url = `${wsBaseUrl()}/stream`,
    private readonly WebSocketImpl: WebSocketClass = globalThis.WebSocket,
  ) {}

  get connectionState(): ConnectionState {
    return this.state;
  }

  onState(listener: (state: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    listener(this.state);
    return () => this.stateListeners.delete(listener);
  }

  subscribe(stream: string, handlers: StreamHandlers): () => void {
    let set = this.handlers.get(stream);
    if (!set) {
      set = new Set();
      this.handlers.set(stream, set);
      this.send('SUBSCRIBE', [stream]);
    }
    set.add(handlers);
    if (this.live.has(stream)) handlers.onLive?.();
    this.ensureSocket();
    return () => {
      const current = this.handlers.get(stream);
      current?.delete(handlers);
      if (current && current.size === 0) {
        this.handlers.delete(stream);
        this.live.delete(stream);
        this.send('UNSUBSCRIBE', [stream]);
      }
    };
  }

  private ensureSocket(): void {
    if (this.socket || this.retryTimer) return;
    const socket = new this.WebSocketImpl(this.url);
    this.socket = socket;
    socket.onopen = () => {
      this.attempt = 0;
      this.setState('open');
      // One request per stream, so that a stream the server refuses does not take the others down with it.
      for (const stream of this.handlers.keys()) this.send('SUBSCRIBE', [stream]);
    };
    socket.onmessage = (message) => this.dispatch(message.data);
    socket.onclose = () => {
      this.socket = undefined;
      this.live.clear();
      this.pendingAcks.clear();
      this.scheduleReconnect();
    };
    socket.onerror = () => socket.close();
  }

  private scheduleReconnect(): void {
    this.setState('reconnecting');
    const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** this.attempt) * (0.5 + Math.random() / 2);
    this.attempt += 1;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.ensureSocket();
    }, delay);
  }

  private send(method: 'SUBSCRIBE' | 'UNSUBSCRIBE', params: string[]): void {
    if (this.socket?.readyState !== OPEN) return;
    const id = this.nextId++;
    if (method === 'SUBSCRIBE') this.pendingAcks.set(id, params);
    this.socket.send(JSON.stringify({ method, params, id }));
  }

  private dispatch(raw: unknown): void {
    if (typeof raw !== 'string') return;
    let message: Record<string, unknown>;
    try {
      message = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return;
    }
    if (typeof message['id'] === 'number' && ('result' in message || 'error' in message)) {
      this.onReply(message['id'], 'result' in message);
      return;
    }
    const wrapped = typeof message['stream'] === 'string' && 'data' in message;
    const stream = wrapped ? (message['stream'] as string) : streamOf(message);
    const event = wrapped ? message['data'] : message;
    if (!stream) return;
    const set = this.handlers.get(stream) ?? this.handlers.get(stream.replace(/@\d+ms$/, ''));
    for (const handlers of set ?? []) handlers.onEvent(event);
  }

  /** A SUBSCRIBE ack makes its streams live; a refusal leaves the views on the data they fetched. */
  private onReply(id: number, accepted: boolean): void {
    const streams = this.pendingAcks.get(id);
    this.pendingAcks.delete(id);
    if (!streams || !accepted) return;
    for (const stream of streams) {
      const set = this.handlers.get(stream);
      if (!set) continue;
      this.live.add(stream);
      for (const handlers of set) handlers.onLive?.();
    }
  }

  private setState(state: ConnectionState): void {
    this.state = state;
    for (const listener of this.stateListeners) listener(state);
  }
}

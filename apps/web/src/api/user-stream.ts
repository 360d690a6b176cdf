import { wsBaseUrl } from '../config';
import { type UserEvent } from '../lib/account-events';
import { type ConnectionState } from './stream-client';

export interface UserStreamListener {
  /** Each event of the user's data stream (`executionReport`, `outboundAccountPosition`, `balanceUpdate`). */
  onEvent?(event: UserEvent): void;
  /**
   * The stream is connected (again): events flow from here on, and whatever happened while it was down is not in
   * them, so views re-read the account.
   */
  onLive?(): void;
}

/** What the stream needs from the API: the session's listen key, its keepalive and its deletion. */
export interface ListenKeyApi {
  openUserStream(): Promise<{ listenKey: string }>;
  keepUserStream(listenKey: string): Promise<unknown>;
  closeUserStream(listenKey: string): Promise<unknown>;
}

/** The gateway keeps a listen key 60 minutes; Binance asks clients to renew it every 30. */
const KEEPALIVE_MS = 30 * 60_000;
const MAX_BACKOFF_MS = 10_000;

/** The browser's WebSocket, or any class with its API (the tests use the `ws` package's client). */
type WebSocketClass = new (url: string) => WebSocket;

/**
 * The signed-in user's Binance user-data stream (`/ws/<listenKey>`, docs/gateway.md): asks for the session's listen
 * key, connects, renews the key every 30 minutes, and on any drop (or `listenKeyExpired`) asks for a key again and
 * reconnects with backoff. Views subscribe to its events; `onLive` tells them to re-read after each (re)connect.
 */
export class UserStream {
  private readonly listeners = new Set<UserStreamListener>();
  private readonly stateListeners = new Set<(state: ConnectionState) => void>();
  private socket: WebSocket | undefined;
  /** The key of the current or last connection (what a log-out deletes). */
  private listenKey: string | undefined;
  private running = false;
  /** Bumped by each start and stop, so that a connect that was overtaken drops its socket. */
  private generation = 0;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private keepAliveTimer: ReturnType<typeof setInterval> | undefined;
  private state: ConnectionState = 'connecting';

  constructor(
    private readonly api: ListenKeyApi,
    private readonly baseUrl: () => string = wsBaseUrl,
    private readonly WebSocketImpl: WebSocketClass = globalThis.WebSocket,
    private readonly keepAliveMs = KEEPALIVE_MS,
  ) {}

  get connectionState(): ConnectionState {
    return this.state;
  }

  onState(listener: (state: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  subscribe(listener: UserStreamListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Connects (once signed in); a second call while running does nothing. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.generation += 1;
    this.attempt = 0;
    void this.connect(this.generation);
  }

  /**
   * Before a log-out: disconnects and deletes the listen key, so that it stops working at once rather than 60 minutes
   * after its last renewal. Best effort: a failure leaves the key to expire.
   */
  async close(): Promise<void> {
    const listenKey = this.listenKey;
    this.listenKey = undefined;
    this.stop();
    if (listenKey) await this.api.closeUserStream(listenKey).catch(() => undefined);
  }

  /** Disconnects for good (signed out). */
  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.generation += 1;
    clearTimeout(this.retryTimer);
    clearInterval(this.keepAliveTimer);
    this.retryTimer = undefined;
    const socket = this.socket;
    this.socket = undefined;
    socket?.close();
    this.setState('connecting');
  }

  private async connect(generation: number): Promise<void> {
    let listenKey: string;
    try {
      ({ listenKey } = await this.api.openUserStream());
    } catch {
      if (generation === this.generation) this.scheduleReconnect(generation);
      return;
    }
    if (generation !== this.generation) return;
    this.listenKey = listenKey;
    const socket = new this.WebSocketImpl(`${this.baseUrl()}/ws/${listenKey}`);
    this.socket = socket;
    socket.onopen = () => {
      if (generation !== this.generation) return;
      this.attempt = 0;
      this.setState('open');
      clearInterval(this.keepAliveTimer);
      this.keepAliveTimer = setInterval(() => {
        // A key that is gone ends the connection; the reconnect asks for a new one.
        this.api.keepUserStream(listenKey).catch(() => socket.close());
      }, this.keepAliveMs);
      for (const listener of [...this.listeners]) listener.onLive?.();
    };
    socket.onmessage = (message) => this.dispatch(message.data);
    socket.onclose = () => {
      if (this.socket === socket) this.socket = undefined;
      clearInterval(this.keepAliveTimer);
      if (generation === this.generation) this.scheduleReconnect(generation);
    };
    socket.onerror = () => socket.close();
  }

  private scheduleReconnect(generation: number): void {
    this.setState('reconnecting');
    const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** this.attempt) * (0.5 + Math.random() / 2);
    this.attempt += 1;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (generation === this.generation) void this.connect(generation);
    }, delay);
  }

  private dispatch(raw: unknown): void {
    if (typeof raw !== 'string') return;
    let event: UserEvent;
    try {
      event = JSON.parse(raw) as UserEvent;
    } catch {
      return;
    }
    if (typeof event !== 'object' || event === null || typeof event.e !== 'string') return;
    for (const listener of [...this.listeners]) listener.onEvent?.(event);
  }

  private setState(state: ConnectionState): void {
    if (this.state === state) return;
    this.state = state;
    for (const listener of this.stateListeners) listener(state);
  }
}

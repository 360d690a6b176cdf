import { type WebSocket } from 'ws';

/** What the gateway's WebSocket servers keep of a connection to ping it and close it. */
export interface PingedConnection {
  socket: WebSocket;
  /** When the client last answered a ping (or connected). */
  lastPongAt: number;
}

/** How long clients get to answer the close handshake on shutdown before their sockets are dropped. */
const CLOSE_GRACE_MS = 2_000;

/** Pings every connection; one that has not answered within `pongTimeoutMs` is dropped. */
export function pingOrDrop(connections: Iterable<PingedConnection>, pongTimeoutMs: number): void {
  const deadline = Date.now() - pongTimeoutMs;
  for (const c of connections) {
    if (c.lastPongAt < deadline) c.socket.terminate();
    else c.socket.ping();
  }
}

/**
 * Shutdown: closes every connection with 1001 (after `beforeClose`, e.g. what waits to be written), waits up to 2 s
 * for the clients' close handshakes, then drops the sockets that are left.
 */
export async function closeForShutdown<C extends PingedConnection>(
  connections: Set<C>,
  beforeClose: (c: C) => void = () => undefined,
): Promise<void> {
  const closed = [...connections].map(
    (c) => new Promise<void>((resolve) => c.socket.once('close', () => resolve())),
  );
  for (const c of connections) {
    beforeClose(c);
    c.socket.close(1001, 'server shutting down');
  }
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.all(closed),
    new Promise((resolve) => (timer = setTimeout(resolve, CLOSE_GRACE_MS))),
  ]);
  clearTimeout(timer);
  for (const c of connections) c.socket.terminate();
}

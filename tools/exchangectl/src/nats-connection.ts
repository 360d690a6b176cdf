import { connect, type NatsConnection } from 'nats';

import { OperationError } from './io';

/** Connects once, without reconnecting: an ops command should fail fast and say where it tried. */
export async function connectNats(url: string, timeoutMs: number): Promise<NatsConnection> {
  try {
    return await connect({ servers: url, name: 'exchangectl', timeout: timeoutMs, reconnect: false });
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new OperationError(
      `cannot connect to NATS at ${url}: ${code ? `${code} ` : ''}${(error as Error).message}`,
    );
  }
}

/** Runs `fn` with a connection and always closes it (drain, so that publishes are flushed). */
export async function withNats<T>(
  url: string,
  timeoutMs: number,
  fn: (nc: NatsConnection) => Promise<T>,
): Promise<T> {
  const nc = await connectNats(url, timeoutMs);
  try {
    return await fn(nc);
  } finally {
    await nc.drain().catch(() => nc.close());
  }
}

import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';

import Redis from 'ioredis';

import { type DevConfig, isLocalHost } from './config';
import { InfrastructureError } from './errors/infrastructure.error';
import { findExecutable, livePidFromFile, readTail, run, terminate, waitFor } from './process';
import { type ProbeResult, type ServiceDriver } from './service';

const START_TIMEOUT_MS = 30_000;

/** PING over a connection that does not retry. */
export async function probeRedis(url: string): Promise<ProbeResult> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 3_000,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  // With retries off, connect() rejects with "Connection is closed"; the socket's error says why.
  let socketError: NodeJS.ErrnoException | undefined;
  client.on('error', (error: NodeJS.ErrnoException) => (socketError ??= error));
  try {
    await client.connect();
    const pong = await client.ping();
    return pong === 'PONG'
      ? { state: 'up' }
      : { state: 'unusable', detail: `PING answered ${JSON.stringify(pong)}` };
  } catch (error) {
    const cause = socketError ?? (error as NodeJS.ErrnoException);
    const code = cause.code;
    const detail = `${code ? `${code}: ` : ''}${cause.message}`;
    return code === 'ECONNREFUSED' ? { state: 'down', detail } : { state: 'unusable', detail };
  } finally {
    client.disconnect();
  }
}

export function createRedisService(config: DevConfig): ServiceDriver {
  const { host, port } = config.redis;
  const dir = path.join(config.dataDir, 'redis');
  const pidFile = path.join(dir, 'redis.pid');
  const logFile = path.join(dir, 'redis.log');
  const binary = () => findExecutable('redis-server', config.binSearchPath);

  return {
    info: {
      id: 'redis',
      title: 'Redis',
      endpoint: config.redisUrl,
      aptPackage: 'redis-server',
      binaries: 'redis-server on PATH',
      downloadUrl: 'https://redis.io/docs/latest/operate/oss_and_stack/install/',
      envHint: 'REDIS_URL',
    },
    local: isLocalHost(host),
    probe: () => probeRedis(config.redisUrl),
    installed: () => binary() !== undefined,

    async start() {
      const server = binary();
      if (!server) throw new InfrastructureError('redis-server not found');
      await mkdir(dir, { recursive: true });
      config.log(`redis: redis-server --port ${port} --dir ${dir}`);
      const args = [
        '--daemonize',
        'yes',
        '--bind',
        host,
        '--port',
        String(port),
        '--dir',
        dir,
        '--save',
        '',
        '--appendonly',
        'no',
        '--logfile',
        logFile,
        '--pidfile',
        pidFile,
      ];
      const result = await run(server, args, { env: config.env });
      if (result.code !== 0)
        throw new InfrastructureError(
          `redis-server failed to start:\n${result.output.trim()}\n${readTail(logFile)}`,
        );
      const up = await waitFor(
        async () => ((await probeRedis(config.redisUrl)).state === 'up' ? true : undefined),
        START_TIMEOUT_MS,
      );
      if (!up)
        throw new InfrastructureError(
          `redis-server started from ${dir} but does not answer at ${config.redisUrl}; log:\n${readTail(logFile)}`,
        );
      return `data ${dir}`;
    },

    async ownServerRunning() {
      return livePidFromFile(pidFile, 'redis-server') !== undefined;
    },

    async stop() {
      const pid = livePidFromFile(pidFile, 'redis-server');
      if (pid === undefined) return 'not running';
      await terminate(pid);
      await rm(pidFile, { force: true });
      return 'stopped';
    },
  };
}

import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';

import { connect } from 'nats';

import { type DevConfig, isLocalHost } from './config';
import { InfrastructureError } from './errors/infrastructure.error';
import {
  findExecutable,
  isProcessAlive,
  livePidFromFile,
  readTail,
  spawnDetached,
  terminate,
  waitFor,
} from './process';
import { type ProbeResult, type ServiceDriver } from './service';

const START_TIMEOUT_MS = 30_000;

/** Connects, then asks JetStream for the account's info: a NATS server without JetStream is unusable. */
export async function probeNats(url: string): Promise<ProbeResult> {
  let connection;
  try {
    connection = await connect({ servers: url, timeout: 3_000, reconnect: false, maxReconnectAttempts: 0 });
  } catch (error) {
    const code = (error as { code?: string }).code;
    const detail = `${code ? `${code}: ` : ''}${(error as Error).message}`;
    return code === 'CONNECTION_REFUSED' || code === 'ECONNREFUSED'
      ? { state: 'down', detail }
      : { state: 'unusable', detail };
  }
  try {
    const manager = await connection.jetstreamManager({ timeout: 3_000 });
    await manager.getAccountInfo();
    return { state: 'up' };
  } catch (error) {
    return {
      state: 'unusable',
      detail: `JetStream is not enabled (${(error as Error).message}); restart the server with -js`,
    };
  } finally {
    await connection.close().catch(() => undefined);
  }
}

export function createNatsService(config: DevConfig): ServiceDriver {
  const { host, port } = config.nats;
  const dir = path.join(config.dataDir, 'nats');
  const pidFile = path.join(dir, 'nats.pid');
  const logFile = path.join(dir, 'nats.log');
  const binary = () => findExecutable('nats-server', config.binSearchPath);

  return {
    info: {
      id: 'nats',
      title: 'NATS (with JetStream)',
      endpoint: config.natsUrl,
      aptPackage: 'nats-server',
      binaries: 'nats-server on PATH or in the sbin folders',
      downloadUrl: 'https://github.com/nats-io/nats-server/releases',
      envHint: 'NATS_URL',
    },
    local: isLocalHost(host),
    probe: () => probeNats(config.natsUrl),
    installed: () => binary() !== undefined,

    async start() {
      const server = binary();
      if (!server) throw new InfrastructureError('nats-server not found');
      const storeDir = path.join(dir, 'jetstream');
      await mkdir(storeDir, { recursive: true });
      config.log(`nats: nats-server -js -p ${port} -sd ${storeDir}`);
      const pid = spawnDetached(
        server,
        ['-js', '-sd', storeDir, '-a', host, '-p', String(port), '-P', pidFile],
        logFile,
        config.env,
      );
      const up = await waitFor(async () => {
        if ((await probeNats(config.natsUrl)).state === 'up') return true;
        return isProcessAlive(pid) ? undefined : false;
      }, START_TIMEOUT_MS);
      if (!up)
        throw new InfrastructureError(
          `nats-server started from ${dir} but JetStream does not answer at ${config.natsUrl}; log:\n${readTail(logFile)}`,
        );
      return `data ${dir}`;
    },

    async ownServerRunning() {
      return livePidFromFile(pidFile, 'nats-server') !== undefined;
    },

    async stop() {
      const pid = livePidFromFile(pidFile, 'nats-server');
      if (pid === undefined) return 'not running';
      await terminate(pid);
      await rm(pidFile, { force: true });
      return 'stopped';
    },
  };
}

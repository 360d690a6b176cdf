import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  type ChannelCredentials,
  type Client,
  credentials,
  type GrpcObject,
  loadPackageDefinition,
  type ServiceClientConstructor,
  type ServiceError,
} from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { protoPath as healthProto } from 'grpc-health-check';

import { GRPC_SERVICES } from '@exchange/shared-contracts-grpc';
import { createRedisClient, deleteKeysWithPrefix } from '@exchange/shared-data-access-redis';
import { type ServiceProcess, startServiceProcess } from '@exchange/shared-util-testing';

jest.setTimeout(90_000);

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const run = `t_gw_grpcsrv_${process.pid}_${randomBytes(3).toString('hex')}`;
const REFLECTION_PROTO = join(
  require.resolve('@grpc/reflection/package.json'),
  '..',
  'build/proto/grpc/reflection/v1/reflection.proto',
);

type AnyClient = Client & Record<string, (...args: unknown[]) => unknown>;

function clientOf(file: string, service: string, target: string, channel: ChannelCredentials): AnyClient {
  const root = loadPackageDefinition(loadSync(file, { keepCase: true, enums: String }));
  const ctor = service.split('.').reduce<unknown>((o, part) => (o as GrpcObject)[part], root);
  return new (ctor as ServiceClientConstructor)(target, channel) as unknown as AnyClient;
}

/** The gateway alone (NATS and Redis, no other service), serving gRPC over TLS with a self-signed certificate. */
describe('gateway gRPC server: TLS, health, reflection and shutdown', () => {
  let gateway: ServiceProcess;
  let target: string;
  let tls: ChannelCredentials;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'grpc-tls-'));
    execFileSync(
      'openssl',
      [
        ...[
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:prime256v1',
          '-nodes',
          '-days',
          '1',
        ],
        ...['-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-subj', '/CN=localhost'],
        ...['-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'],
      ],
      { stdio: 'ignore' },
    );
    tls = credentials.createSsl(readFileSync(join(dir, 'cert.pem')));
    gateway = startServiceProcess('apps/gateway/src/main.ts', {
      HTTP_PORT: '0',
      NATS_URL: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
      NATS_STREAM_PREFIX: run,
      REDIS_URL,
      REDIS_KEY_PREFIX: `${run}:`,
      GRPC_PORT: '0',
      GRPC_TLS_CERT_FILE: join(dir, 'cert.pem'),
      GRPC_TLS_KEY_FILE: join(dir, 'key.pem'),
    });
    const grpc = await gateway.waitForLog((line) => line.msg === 'grpc listening');
    expect(grpc['tls']).toBe(true);
    target = `127.0.0.1:${String(grpc.port)}`;
    await gateway.waitForLog((line) => line.msg === 'listening');
  }, 90_000);

  afterAll(async () => {
    if (gateway) await gateway.stop();
    rmSync(dir, { recursive: true, force: true });
    const redis = createRedisClient({ url: REDIS_URL, keyPrefix: `${run}:` });
    await deleteKeysWithPrefix(redis);
    await redis.quit();
  });

  const check = (client: AnyClient, service: string) =>
    new Promise<{ status: string }>((resolve, reject) =>
      client['Check']!({ service }, (error: ServiceError | null, reply: { status: string }) =>
        error ? reject(error) : resolve(reply),
      ),
    );

  it('answers gRPC health checks over TLS for the server and each service', async () => {
    const health = clientOf(healthProto, 'grpc.health.v1.Health', target, tls);
    try {
      await expect(check(health, '')).resolves.toEqual({ status: 'SERVING' });
      for (const service of Object.values(GRPC_SERVICES)) {
        await expect(check(health, service)).resolves.toEqual({ status: 'SERVING' });
      }
    } finally {
      health.close();
    }
  });

  it('refuses a plaintext client on the TLS port', async () => {
    const health = clientOf(healthProto, 'grpc.health.v1.Health', target, credentials.createInsecure());
    try {
      await expect(
        new Promise((resolve, reject) =>
          health['Check']!(
            { service: '' },
            { deadline: new Date(Date.now() + 5_000) },
            (error: ServiceError | null, reply: unknown) => (error ? reject(error) : resolve(reply)),
          ),
        ),
      ).rejects.toMatchObject({ code: expect.any(Number) });
    } finally {
      health.close();
    }
  });

  it('lists the exchange services through server reflection', async () => {
    const reflection = clientOf(REFLECTION_PROTO, 'grpc.reflection.v1.ServerReflection', target, tls);
    try {
      const call = reflection['ServerReflectionInfo']!() as NodeJS.ReadWriteStream & { end(): void };
      const reply = new Promise<{ list_services_response: { service: { name: string }[] } }>(
        (resolve, reject) => {
          call.once('data', resolve);
          call.once('error', reject);
        },
      );
      call.write({ list_services: '*' } as never);
      const names = (await reply).list_services_response.service.map((s) => s.name);
      call.end();
      expect(names).toEqual(expect.arrayContaining(Object.values(GRPC_SERVICES)));
    } finally {
      reflection.close();
    }
  });

  it('on SIGTERM reports NOT_SERVING to health watchers and exits 0', async () => {
    const health = clientOf(healthProto, 'grpc.health.v1.Health', target, tls);
    const statuses: string[] = [];
    const watch = health['Watch']!({ service: '' }) as NodeJS.ReadableStream;
    watch.on('data', (m: { status: string }) => statuses.push(m.status));
    watch.on('error', () => undefined);
    for (let i = 0; i < 300 && statuses.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(statuses).toEqual(['SERVING']);
    const exit = await gateway.stop('SIGTERM');
    health.close();
    expect(exit.code).toBe(0);
    expect(statuses).toContain('NOT_SERVING');
    expect(gateway.logs.some((line) => line.msg === 'grpc stopped')).toBe(true);
  });
});

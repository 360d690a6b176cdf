import { createHmac } from 'node:crypto';

import {
  credentials,
  loadPackageDefinition,
  Server,
  ServerCredentials,
  type ServiceClientConstructor,
  type ServiceDefinition,
  type ServerUnaryCall,
  type sendUnaryData,
} from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';

import {
  GRPC_AUTH_METADATA,
  GRPC_LOADER_OPTIONS,
  GRPC_PROTO_FILES,
  signingPayload,
} from '@exchange/shared-contracts-grpc';

import { signingInterceptor } from './signing-interceptor';

const definition = loadSync([...GRPC_PROTO_FILES], {
  ...GRPC_LOADER_OPTIONS,
  includeDirs: [...GRPC_LOADER_OPTIONS.includeDirs],
});
const Trading = (
  loadPackageDefinition(definition) as never as {
    exchange: { trading: { v1: { TradingService: ServiceClientConstructor } } };
  }
).exchange.trading.v1.TradingService;

describe(signingInterceptor.name, () => {
  let server: Server;
  let port: number;
  /** What the server saw of the last call: its metadata and the request's exact bytes. */
  let seen: { metadata: Record<string, string>; bytes: Buffer } | undefined;

  beforeAll(async () => {
    server = new Server();
    const bytesOf = new WeakMap<object, Buffer>();
    const service = Object.fromEntries(
      Object.entries(Trading.service).map(([name, method]) => [
        name,
        {
          ...method,
          requestDeserialize: (bytes: Buffer) => {
            const request = method.requestDeserialize(bytes) as object;
            bytesOf.set(request, bytes);
            return request;
          },
        },
      ]),
    ) as ServiceDefinition;
    server.addService(service, {
      ListOpenOrders: (call: ServerUnaryCall<object, unknown>, callback: sendUnaryData<unknown>) => {
        seen = {
          metadata: Object.fromEntries(
            Object.entries(call.metadata.getMap()).map(([k, v]) => [k, String(v)]),
          ),
          bytes: bytesOf.get(call.request)!,
        };
        callback(null, { orders: [] });
      },
    });
    port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) =>
        error ? reject(error) : resolve(bound),
      ),
    );
  });

  afterAll(() => server.forceShutdown());

  it('signs the method path, timestamp, window and the exact request bytes the server receives', async () => {
    const key = { apiKey: 'partner-key', secret: 'partner-secret' };
    const client = new Trading(`127.0.0.1:${port}`, credentials.createInsecure(), {
      interceptors: [signingInterceptor(key, { recvWindow: 3000 })],
    }) as never as {
      ListOpenOrders(request: object, callback: (error: Error | null) => void): void;
      close(): void;
    };
    await new Promise<void>((resolve, reject) =>
      client.ListOpenOrders({ symbol: 'BTCUSDT' }, (error) => (error ? reject(error) : resolve())),
    );
    client.close();

    const { metadata, bytes } = seen!;
    expect(bytes.length).toBeGreaterThan(0);
    expect(metadata[GRPC_AUTH_METADATA.apiKey]).toBe('partner-key');
    expect(metadata[GRPC_AUTH_METADATA.recvWindow]).toBe('3000');
    const timestamp = metadata[GRPC_AUTH_METADATA.timestamp]!;
    expect(Math.abs(Number(timestamp) - Date.now())).toBeLessThan(60_000);
    const expected = createHmac('sha256', 'partner-secret')
      .update(signingPayload('/exchange.trading.v1.TradingService/ListOpenOrders', timestamp, '3000', bytes))
      .digest('hex');
    expect(metadata[GRPC_AUTH_METADATA.signature]).toBe(expected);
  });
});

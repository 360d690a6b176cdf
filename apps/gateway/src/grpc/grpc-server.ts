import { readFileSync } from 'node:fs';

import {
  type GrpcObject,
  loadPackageDefinition,
  Server,
  ServerCredentials,
  type ServiceClientConstructor,
  type ServiceDefinition,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { loadSync, type PackageDefinition } from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { type BeforeApplicationShutdown, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { HealthImplementation } from 'grpc-health-check';

import { GRPC_LOADER_OPTIONS, GRPC_PROTO_FILES, GRPC_SERVICES } from '@exchange/shared-contracts-grpc';
import { InjectConfig } from '@exchange/shared-util-config';
import { InjectLogger, type Logger } from '@exchange/shared-util-logging';

import { type GatewayConfig } from '../config/gateway.config';
import { AccountGrpcService } from './account.grpc';
import { FundingGrpcService } from './funding.grpc';
import { GrpcCalls, requestBytes } from './grpc-calls';
import { MarketDataGrpcService } from './market-data.grpc';
import { TradingGrpcService } from './trading.grpc';
import { traceGrpcHandlers } from './grpc-tracing';

/** A service's definition whose deserialisers remember each request's bytes (the signature covers them). */
function keepingRequestBytes(definition: ServiceDefinition): ServiceDefinition {
  return Object.fromEntries(
    Object.entries(definition).map(([name, method]) => [
      name,
      {
        ...method,
        requestDeserialize: (bytes: Buffer) => {
          const request = method.requestDeserialize(bytes) as object;
          requestBytes.set(request, bytes);
          return request;
        },
      },
    ]),
  ) as ServiceDefinition;
}

function serviceOf(root: GrpcObject, name: string): ServiceDefinition {
  const found = name.split('.').reduce<unknown>((o, part) => (o as GrpcObject)[part], root);
  return (found as ServiceClientConstructor).service;
}

/**
 * The partner API: a gRPC server on its own port (GRPC_PORT, TLS when GRPC_TLS_CERT_FILE and GRPC_TLS_KEY_FILE are
 * set) with the trading, account, market-data and funding services, gRPC health checking and server reflection. It
 * starts with the Nest app and, on shutdown, reports NOT_SERVING, ends running streams with UNAVAILABLE and lets
 * unary calls finish within half of SHUTDOWN_TIMEOUT_MS before closing what is left.
 */
@Injectable()
export class GrpcServer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private server?: Server;
  private readonly health = new HealthImplementation({ '': 'NOT_SERVING' });
  /** The port bound (GRPC_PORT, or the one picked for 0). */
  port = 0;

  constructor(
    private readonly calls: GrpcCalls,
    private readonly trading: TradingGrpcService,
    private readonly account: AccountGrpcService,
    private readonly marketData: MarketDataGrpcService,
    private readonly funding: FundingGrpcService,
    @InjectConfig() private readonly config: GatewayConfig,
    @InjectLogger() private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const definition: PackageDefinition = loadSync([...GRPC_PROTO_FILES], {
      ...GRPC_LOADER_OPTIONS,
      includeDirs: [...GRPC_LOADER_OPTIONS.includeDirs],
    });
    const root = loadPackageDefinition(definition);
    const server = new Server();
    const services: [string, UntypedServiceImplementation][] = [
      [GRPC_SERVICES.trading, this.trading.handlers() as unknown as UntypedServiceImplementation],
      [GRPC_SERVICES.account, this.account.handlers() as unknown as UntypedServiceImplementation],
      [GRPC_SERVICES.marketData, this.marketData.handlers() as unknown as UntypedServiceImplementation],
      [GRPC_SERVICES.funding, this.funding.handlers() as unknown as UntypedServiceImplementation],
    ];
    for (const [name, implementation] of services) {
      server.addService(keepingRequestBytes(serviceOf(root, name)), traceGrpcHandlers(name, implementation));
    }
    this.health.addToServer(server);
    new ReflectionService(definition).addToServer(server);

    this.port = await new Promise<number>((resolve, reject) =>
      server.bindAsync(
        `${this.config.GRPC_HOST}:${this.config.GRPC_PORT}`,
        this.credentials(),
        (error, port) => (error ? reject(error) : resolve(port)),
      ),
    );
    this.server = server;
    this.health.setStatus('', 'SERVING');
    for (const [name] of services) this.health.setStatus(name, 'SERVING');
    const tls = this.config.GRPC_TLS_CERT_FILE !== '';
    this.logger.info({ host: this.config.GRPC_HOST, port: this.port, tls }, 'grpc listening');
  }

  async beforeApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    this.health.setStatus('', 'NOT_SERVING');
    for (const name of Object.values(GRPC_SERVICES)) this.health.setStatus(name, 'NOT_SERVING');
    this.calls.closeAllStreams();
    const graceMs = Math.floor(this.config.SHUTDOWN_TIMEOUT_MS / 2);
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => {
        server.forceShutdown();
        resolve();
      }, graceMs);
      server.tryShutdown(() => {
        clearTimeout(force);
        resolve();
      });
    });
    this.logger.info('grpc stopped');
  }

  private credentials(): ServerCredentials {
    const { GRPC_TLS_CERT_FILE: cert, GRPC_TLS_KEY_FILE: key } = this.config;
    if (cert === '' && key === '') return ServerCredentials.createInsecure();
    if (cert === '' || key === '') throw new Error('GRPC_TLS_CERT_FILE and GRPC_TLS_KEY_FILE go together');
    return ServerCredentials.createSsl(null, [
      { cert_chain: readFileSync(cert), private_key: readFileSync(key) },
    ]);
  }
}

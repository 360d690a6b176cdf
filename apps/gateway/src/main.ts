import 'reflect-metadata';

import { type Server } from 'node:http';

import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';

import { runService } from '@exchange/shared-feature-runtime';

import { AppModule, NATS_QUEUE, SERVICE } from './app.module';
import { gatewayConfigSchema } from './config/gateway.config';
import { setUpOpenApi } from './http/openapi';

/**
 * Slow clients (slowloris) cannot hold connections: the headers must arrive within 10 s and the whole request within
 * 30 s (Node's defaults: 60 s and 300 s; Node enforces both on its 30 s connection check). Answers may take longer;
 * upgraded WebSockets are not affected.
 */
@Injectable()
class ServerTimeouts implements OnApplicationBootstrap {
  constructor(private readonly host: HttpAdapterHost) {}

  onApplicationBootstrap(): void {
    const server = this.host.httpAdapter.getHttpServer() as Server;
    server.headersTimeout = 10_000;
    server.requestTimeout = 30_000;
  }
}

void runService({
  service: SERVICE,
  configSchema: gatewayConfigSchema,
  module: (config, logger) => {
    const app = AppModule.forRoot(config, logger);
    return { ...app, providers: [...(app.providers ?? []), ServerTimeouts] };
  },
  natsQueue: NATS_QUEUE,
  // Signed requests are verified over the exact form body received.
  rawBody: true,
  // CORS for CORS_ORIGINS only (src/http/http-hardening.ts).
  cors: false,
  // OpenAPI at /docs (src/http/openapi.ts).
  configure: setUpOpenApi,
});

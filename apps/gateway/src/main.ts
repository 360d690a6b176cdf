import 'reflect-metadata';

import { type Server } from 'node:http';

import { type OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';

import { runService } from '@exchange/shared-feature-runtime';

import { AppModule, NATS_QUEUE, SERVICE } from './app.module';
import { gatewayConfigSchema } from './config/gateway.config';
import { setUpOpenApi } from './http/openapi';

/** What ServerTimeouts sets on the HTTP server (gateway.config.ts: HTTP_HEADERS_TIMEOUT_MS and the others). */
interface ServerTimeoutSettings {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  checkIntervalMs: number;
  keepAliveTimeoutMs: number;
}

/**
 * Slow clients (slowloris) cannot hold connections: the headers must arrive within HTTP_HEADERS_TIMEOUT_MS (10 s)
 * and the whole request within HTTP_REQUEST_TIMEOUT_MS (30 s) (Node's defaults: 60 s and 300 s). Node enforces
 * both on a connection check every HTTP_TIMEOUT_CHECK_INTERVAL_MS (30 s), an interval it reads when the server
 * starts listening, which is after this bootstrap hook. Answers may take longer; upgraded WebSockets are not
 * affected.
 */
class ServerTimeouts implements OnApplicationBootstrap {
  constructor(
    private readonly host: HttpAdapterHost,
    private readonly settings: ServerTimeoutSettings,
  ) {}

  onApplicationBootstrap(): void {
    const server = this.host.httpAdapter.getHttpServer() as Server;
    server.headersTimeout = this.settings.headersTimeoutMs;
    server.requestTimeout = this.settings.requestTimeoutMs;
    // Idle kept-alive connections: longer than a proxy's idle timeout (HTTP_KEEP_ALIVE_TIMEOUT_MS).
    server.keepAliveTimeout = this.settings.keepAliveTimeoutMs;
    // Not in @types/node's Server, but a property Node reads on 'listening' (lib/_http_server.js).
    (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval =
      this.settings.checkIntervalMs;
  }
}

void runService({
  service: SERVICE,
  configSchema: gatewayConfigSchema,
  module: (config, logger) => {
    const app = AppModule.forRoot(config, logger);
    const timeouts: ServerTimeoutSettings = {
      headersTimeoutMs: config.HTTP_HEADERS_TIMEOUT_MS,
      requestTimeoutMs: config.HTTP_REQUEST_TIMEOUT_MS,
      checkIntervalMs: config.HTTP_TIMEOUT_CHECK_INTERVAL_MS,
      keepAliveTimeoutMs: config.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    };
    const serverTimeouts = {
      provide: ServerTimeouts,
      useFactory: (host: HttpAdapterHost) => new ServerTimeouts(host, timeouts),
      inject: [HttpAdapterHost],
    };
    return { ...app, providers: [...(app.providers ?? []), serverTimeouts] };
  },
  natsQueue: NATS_QUEUE,
  // Signed requests are verified over the exact form body received.
  rawBody: true,
  // CORS for CORS_ORIGINS only (src/http/http-hardening.ts).
  cors: false,
  // OpenAPI at /docs (src/http/openapi.ts).
  configure: setUpOpenApi,
});

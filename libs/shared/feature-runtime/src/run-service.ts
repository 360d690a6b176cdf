import { type DynamicModule, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type Registry } from 'prom-client';
import { type z } from 'zod';

import { ConfigValidationError, loadConfig, type EnvSource } from '@exchange/shared-util-config';
import { createLogger, type Logger, NestPinoLogger } from '@exchange/shared-util-logging';
import { natsMicroserviceOptions, type TracingServerNats } from '@exchange/shared-data-access-nats';

import { METRICS_REGISTRY } from './runtime.module';
import { ServiceState } from './service-state';
import { startTracing, type Tracing, TracingConfigError } from './tracing';

/** Settings the runtime reads from every service's configuration. */
interface RuntimeConfig {
  LOG_LEVEL: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  HTTP_HOST: string;
  HTTP_PORT: number;
  SHUTDOWN_TIMEOUT_MS: number;
  NATS_URL?: string;
}

export interface ServiceDefinition<
  Shape extends z.ZodRawShape,
  Config extends RuntimeConfig = RuntimeConfig & z.infer<z.ZodObject<Shape>>,
> {
  service: string;
  configSchema: z.ZodObject<Shape>;
  /** The app's root module, given the parsed configuration and the service's logger. */
  module: (config: Config, logger: Logger) => DynamicModule;
  /** Queue group for the service's `@MessagePattern` handlers over NATS; left out, no NATS listener. */
  natsQueue?: string;
  /** Keep each request's raw body as `req.rawBody` (signature checks over the exact bytes received). */
  rawBody?: boolean;
  /** `false`: the service sets its own CORS policy (the gateway); otherwise any origin is reflected. */
  cors?: boolean;
  /** Called with the app before it starts (routes outside Nest's controllers, e.g. the gateway's OpenAPI page). */
  configure?: (app: INestApplication) => void;
}

/** Builds the Nest application of a service without listening: what `runService` and tests share. */
export async function createServiceApp<Shape extends z.ZodRawShape>(
  definition: ServiceDefinition<Shape>,
  config: RuntimeConfig,
  logger: Logger,
): Promise<INestApplication> {
  const app = await NestFactory.create(definition.module(config as never, logger), {
    logger: new NestPinoLogger(logger.child({ component: 'nest' })),
    abortOnError: false,
    rawBody: definition.rawBody ?? false,
  });
  if (definition.cors !== false) app.enableCors({ origin: true, credentials: true });
  definition.configure?.(app);
  if (definition.natsQueue) {
    if (!config.NATS_URL)
      throw new Error(`${definition.service}: a NATS queue needs NATS_URL in the configuration`);
    const transport = natsMicroserviceOptions(config.NATS_URL, definition.natsQueue);
    app.connectMicroservice(transport, { inheritAppConfig: true });
    const registry = app.get<Registry>(METRICS_REGISTRY, { strict: false });
    (transport.strategy as TracingServerNats).instrument(registry);
  }
  return app;
}

/**
 * Boots a service: configuration first (a bad variable stops it with a message naming it), then the
 * app, its NATS listener and HTTP port; on SIGTERM or SIGINT it turns unready, closes everything
 * within SHUTDOWN_TIMEOUT_MS and exits 0 (1 when the deadline passes).
 */
export async function runService<Shape extends z.ZodRawShape>(
  definition: ServiceDefinition<Shape>,
  env: EnvSource = process.env,
): Promise<void> {
  let config: RuntimeConfig;
  let tracing: Tracing;
  try {
    config = loadConfig(definition.configSchema, env) as unknown as RuntimeConfig;
    // Before the app: the tracer provider must be registered when the first span starts.
    tracing = startTracing({ service: definition.service, env });
  } catch (error) {
    if (!(error instanceof ConfigValidationError || error instanceof TracingConfigError)) throw error;
    const logger = createLogger({ service: definition.service });
    const problems = error instanceof ConfigValidationError ? error.problems : undefined;
    logger.fatal({ problems }, error.message);
    logger.flush();
    process.stderr.write(`${definition.service}: ${error.message}\n`);
    process.exit(1);
  }

  const logger = createLogger({ service: definition.service, level: config.LOG_LEVEL });
  let app: INestApplication | undefined;
  let stopping = false;

  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const deadline = setTimeout(() => {
      logger.error({ timeoutMs: config.SHUTDOWN_TIMEOUT_MS }, 'shutdown deadline passed, exiting');
      logger.flush();
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS);
    deadline.unref();
    try {
      if (app) {
        app.get(ServiceState).shuttingDown = true;
        await app.close();
      }
      await tracing.shutdown().catch((error: unknown) => logger.warn({ err: error }, 'trace export failed'));
      logger.info('stopped');
      logger.flush();
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      logger.flush();
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));

  try {
    app = await createServiceApp(definition, config, logger);
    if (definition.natsQueue) await app.startAllMicroservices();
    await app.listen(config.HTTP_PORT, config.HTTP_HOST);
    const address = app.getHttpServer().address() as { port: number } | null;
    logger.info({ host: config.HTTP_HOST, port: address?.port ?? config.HTTP_PORT }, 'listening');
  } catch (error) {
    logger.fatal({ err: error }, 'start-up failed');
    logger.flush();
    await app?.close().catch(() => undefined);
    process.exit(1);
  }
}

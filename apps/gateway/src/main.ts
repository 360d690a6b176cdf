import 'reflect-metadata';

import { runService } from '@exchange/shared-feature-runtime';

import { AppModule, NATS_QUEUE, SERVICE } from './app.module';
import { gatewayConfigSchema } from './config/gateway.config';

void runService({
  service: SERVICE,
  configSchema: gatewayConfigSchema,
  module: (config, logger) => AppModule.forRoot(config, logger),
  natsQueue: NATS_QUEUE,
  // Signed requests are verified over the exact form body received.
  rawBody: true,
});

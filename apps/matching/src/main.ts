import 'reflect-metadata';

import { runService } from '@exchange/shared-feature-runtime';

import { AppModule, NATS_QUEUE, SERVICE } from './app.module';
import { matchingConfigSchema } from './config/matching.config';

void runService({
  service: SERVICE,
  configSchema: matchingConfigSchema,
  module: (config, logger) => AppModule.forRoot(config, logger),
  natsQueue: NATS_QUEUE,
});

import 'reflect-metadata';

import { runService } from '@exchange/shared-feature-runtime';

import { AppModule, NATS_QUEUE, SERVICE } from './app.module';
import { marketDataConfigSchema } from './config/market-data.config';

void runService({
  service: SERVICE,
  configSchema: marketDataConfigSchema,
  module: (config, logger) => AppModule.forRoot(config, logger),
  natsQueue: NATS_QUEUE,
});

import 'reflect-metadata';

import { runService } from '@exchange/shared-feature-runtime';

import { AppModule, NATS_QUEUE, SERVICE } from './app.module';
import { walletConfigSchema } from './config/wallet.config';

void runService({
  service: SERVICE,
  configSchema: walletConfigSchema,
  module: (config, logger) => AppModule.forRoot(config, logger),
  natsQueue: NATS_QUEUE,
});

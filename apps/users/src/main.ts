import 'reflect-metadata';

import { runService } from '@exchange/shared-feature-runtime';

import { AppModule, NATS_QUEUE, SERVICE } from './app.module';
import { usersConfigSchema } from './config/users.config';

void runService({
  service: SERVICE,
  configSchema: usersConfigSchema,
  module: (config, logger) => AppModule.forRoot(config, logger),
  natsQueue: NATS_QUEUE,
});

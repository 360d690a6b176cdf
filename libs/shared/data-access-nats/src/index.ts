export * from './jetstream-admin';
export * from './nats-names';
export * from './nats.module';
export * from './trace-context';
export * from './request-subscription';

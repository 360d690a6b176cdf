export * from './jetstream-admin';
export * from './nats-names';
export * from './nats.module';

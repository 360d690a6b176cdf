export * from './postgres-admin';
export * from './postgres.module';
export * from './query-log';

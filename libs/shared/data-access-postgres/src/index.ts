export * from './postgres-admin';
export * from './postgres.module';

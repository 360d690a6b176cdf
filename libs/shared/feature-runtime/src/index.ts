export * from './health-indicator';
export * from './metrics';
export * from './run-service';
export * from './runtime.module';
export * from './service-state';

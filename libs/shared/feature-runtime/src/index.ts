export * from './health-indicator';
export * from './metrics';
export * from './run-service';
export * from './runtime.module';
export * from './service-foundation';
export * from './service-state';
export * from './tracing';

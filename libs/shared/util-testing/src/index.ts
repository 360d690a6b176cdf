export * from './call-rate';
export * from './exchange-harness';
export * from './gateway-client';
export * from './raw-http';
export * from './service-lifecycle';
export * from './service-process';
export * from './process-cpu';

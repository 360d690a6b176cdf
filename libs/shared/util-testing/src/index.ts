export * from './service-lifecycle';
export * from './service-process';

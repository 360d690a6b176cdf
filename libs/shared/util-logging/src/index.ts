export * from './create-logger';
export * from './logging.module';
export * from './nest-logger';
export * from './request-context';

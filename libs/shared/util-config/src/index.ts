export * from './config-validation.error';
export * from './config.module';
export * from './env-schemas';
export * from './load-config';

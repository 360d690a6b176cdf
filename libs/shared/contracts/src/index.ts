export * from './common/service-status.schema';
export * from './streams';
export * from './subjects';

export * from './common/service-status.schema';
export * from './matching';
export * from './streams';
export * from './subjects';

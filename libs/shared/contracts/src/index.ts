export * from './common/service-status.schema';
export * from './market-data';
export * from './matching';
export * from './users';
export * from './wallet';
export * from './streams';
export * from './subjects';

export * from './market-data-error-code';
export * from './market-data-query.schema';
export * from './market-data-reply.schema';
export * from './market-data-subjects';

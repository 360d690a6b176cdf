export * from './cache.construct';
export * from './cluster.construct';
export * from './database.construct';
export * from './exchange.stack';
export * from './network.construct';
export * from './registry.construct';
export * from './stage';

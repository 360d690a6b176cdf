export * from './balances.schema';
export * from './common.schema';
export * from './deposit.schema';
export * from './markets.schema';
export * from './order.schema';
export * from './reconcile.schema';
export * from './wallet-subjects';
export * from './withdrawal.schema';

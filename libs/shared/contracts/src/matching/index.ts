export * from './matching-command.schema';
export * from './matching-event-batch.schema';
export * from './matching-snapshot.schema';
export * from './matching-lease.schema';
export * from './matching-consumers';
export * from './matching-event-batch.validator';

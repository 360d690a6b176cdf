export * from './matching-command.types';
export * from './matching-event.types';
export * from './order-book-snapshot.types';
export * from './order-book.engine';
export * from './rejection-code.enum';
export { StateHasher } from './state-hash.util';

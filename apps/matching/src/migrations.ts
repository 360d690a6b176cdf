import { type PostgresModuleOptions } from '@exchange/shared-data-access-postgres';

/** The matching service's schema migrations, applied in this order (each class name ends with its timestamp). */
export const MIGRATIONS: PostgresModuleOptions['migrations'] = [];

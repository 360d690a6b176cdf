import { type PostgresModuleOptions } from '@exchange/shared-data-access-postgres';

/** The matching service's TypeORM entities: the tables it owns and no other service reads. */
export const ENTITIES: PostgresModuleOptions['entities'] = [];

import { type PostgresModuleOptions } from '@exchange/shared-data-access-postgres';

import { CreateMarketData1764200000000 } from './migrations/1764200000000-create-market-data.migration';
import { BookOrders1764300000000 } from './migrations/1764300000000-book-orders.migration';

/** The market-data service's schema migrations, applied in this order (each class name ends with its timestamp). */
export const MIGRATIONS: PostgresModuleOptions['migrations'] = [
  CreateMarketData1764200000000,
  BookOrders1764300000000,
];

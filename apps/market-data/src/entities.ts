import { type PostgresModuleOptions } from '@exchange/shared-data-access-postgres';

import { BookOrderEntity } from './entities/book-order.entity';
import { CandleEntity } from './entities/candle.entity';
import { MarketStateEntity } from './entities/market-state.entity';
import { TradeEntity } from './entities/trade.entity';

/** The market-data service's TypeORM entities: the tables it owns and no other service reads. */
export const ENTITIES: PostgresModuleOptions['entities'] = [
  MarketStateEntity,
  TradeEntity,
  CandleEntity,
  BookOrderEntity,
];

import { type PostgresModuleOptions } from '@exchange/shared-data-access-postgres';

import { DepositEntity, WithdrawalEntity } from './funds/funds.entity';
import { IdempotencyKeyEntity, JournalTransactionEntity, LedgerAccountEntity } from './ledger/ledger.entity';
import { HoldEntity, MarketEventCursorEntity, OutboxEntity, WalletOrderEntity } from './orders/order.entity';
import { AssetEntity, MarketEntity } from './reference/reference.entity';

/** The wallet service's TypeORM entities: the tables it owns and no other service reads. */
export const ENTITIES: PostgresModuleOptions['entities'] = [
  AssetEntity,
  MarketEntity,
  LedgerAccountEntity,
  JournalTransactionEntity,
  IdempotencyKeyEntity,
  WalletOrderEntity,
  HoldEntity,
  OutboxEntity,
  MarketEventCursorEntity,
  DepositEntity,
  WithdrawalEntity,
];

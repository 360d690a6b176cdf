import { type PostgresModuleOptions } from '@exchange/shared-data-access-postgres';

import { LedgerSchema1764100000000 } from './migrations/1764100000000-ledger-schema.migration';
import { SeedReferenceData1764100000001 } from './migrations/1764100000001-seed-reference-data.migration';
import { OrderQueries1764100000002 } from './migrations/1764100000002-order-queries.migration';
import { AmendsAndFundsHistory1764100000003 } from './migrations/1764100000003-amends-and-funds-history.migration';
import { OutboxTraceparent1764100000010 } from './migrations/1764100000010-outbox-traceparent.migration';
import { OrderIntakeFunction1764200000001 } from './migrations/1764200000001-order-intake-function.migration';
import { OutboxBatches1764200000002 } from './migrations/1764200000002-outbox-batches.migration';
import { SeedSolUsdc1764100000020 } from './migrations/1764100000020-seed-sol-usdc.migration';
import { SetBasedJournalChecks1764300000010 } from './migrations/1764300000010-set-based-journal-checks.migration';
import { ChainDeposits1764400000001 } from './migrations/1764400000001-chain-deposits.migration';
import { StopOrders1764500000010 } from './migrations/1764500000010-stop-orders.migration';
import { MarketStatusChanges1764600000001 } from './migrations/1764600000001-market-status-changes.migration';
import { RevertedDeposits1764700000001 } from './migrations/1764700000001-reverted-deposits.migration';
import { DepositRounds1764700000002 } from './migrations/1764700000002-deposit-rounds.migration';
import { IntakeKeyedLookups1764800000001 } from './migrations/1764800000001-intake-keyed-lookups.migration';
import { IntakeSetBasedChecks1764800000002 } from './migrations/1764800000002-intake-set-based-checks.migration';
import { DropJournalEntryAccountIndex1764800000050 } from './migrations/1764800000050-drop-journal-entry-account-index.migration';
import { IntakeLockFirst1764900000001 } from './migrations/1764900000001-intake-lock-first.migration';
import { DropJournalEntryId1764900000050 } from './migrations/1764900000050-drop-journal-entry-id.migration';
import { JournalChecksByIndex1764900000051 } from './migrations/1764900000051-journal-checks-by-index.migration';
import { CheckPlansByIndex1765000000001 } from './migrations/1765000000001-check-plans-by-index.migration';
import { OrderIndexesByMarket1765000000002 } from './migrations/1765000000002-order-indexes-by-market.migration';
import { OutboxDeletedOnceSent1765000000003 } from './migrations/1765000000003-outbox-deleted-once-sent.migration';
import { OrderUpdatesInPlace1765000000004 } from './migrations/1765000000004-order-updates-in-place.migration';
import { OrderStpMode1765000000005 } from './migrations/1765000000005-order-stp-mode.migration';
import { OrderExpiredInMatch1765000000006 } from './migrations/1765000000006-order-expired-in-match.migration';
import { PreventedMatches1765000000007 } from './migrations/1765000000007-prevented-matches.migration';
import { AmendExecutions1765000000008 } from './migrations/1765000000008-amend-executions.migration';
import { ClientWithdrawalId1765000000009 } from './migrations/1765000000009-client-withdrawal-id.migration';

/** The wallet service's schema migrations, applied in this order (each class name ends with its timestamp). */
export const MIGRATIONS: PostgresModuleOptions['migrations'] = [
  LedgerSchema1764100000000,
  SeedReferenceData1764100000001,
  OrderQueries1764100000002,
  AmendsAndFundsHistory1764100000003,
  OutboxTraceparent1764100000010,
  SeedSolUsdc1764100000020,
  OrderIntakeFunction1764200000001,
  OutboxBatches1764200000002,
  SetBasedJournalChecks1764300000010,
  ChainDeposits1764400000001,
  StopOrders1764500000010,
  MarketStatusChanges1764600000001,
  RevertedDeposits1764700000001,
  DepositRounds1764700000002,
  IntakeKeyedLookups1764800000001,
  IntakeSetBasedChecks1764800000002,
  DropJournalEntryAccountIndex1764800000050,
  IntakeLockFirst1764900000001,
  DropJournalEntryId1764900000050,
  JournalChecksByIndex1764900000051,
  CheckPlansByIndex1765000000001,
  OrderIndexesByMarket1765000000002,
  OutboxDeletedOnceSent1765000000003,
  OrderUpdatesInPlace1765000000004,
  OrderStpMode1765000000005,
  OrderExpiredInMatch1765000000006,
  PreventedMatches1765000000007,
  AmendExecutions1765000000008,
  ClientWithdrawalId1765000000009,
];

import { type DynamicModule, Module, type Provider } from '@nestjs/common';

import { APP_CONFIG } from '@exchange/shared-util-config';

import { ChainFundsRepository } from './chain/chain-funds.repository';
import { CHAIN_WATCHER } from './chain/chain-watcher.port';
import { ChainWatcherService } from './chain/chain-watcher.service';
import { ChainController } from './chain/chain.controller';
import { ChainService } from './chain/chain.service';
import { SimulatedChainRepository } from './chain/simulated-chain.repository';

import { ClockRepository } from './common/clock.repository';
import { UnitOfWork } from './common/unit-of-work.repository';
import { bindWalletSubjects } from './common/wallet-subject.decorator';
import { WalletRpcExceptionFilter } from './errors/wallet-rpc-exception.filter';
import { BalanceEventsRepository } from './funds/balance-events.repository';
import { BalanceNotifierService } from './funds/balance-notifier.service';
import { FundsController } from './funds/funds.controller';
import { FundsHistoryController } from './funds/funds-history.controller';
import { FundsHistoryRepository } from './funds/funds-history.repository';
import { FundsHistoryService } from './funds/funds-history.service';
import { ReferenceController } from './reference/reference.controller';
import { FundsRepository } from './funds/funds.repository';
import { FundsService } from './funds/funds.service';
import { LedgerRepository } from './ledger/ledger.repository';
import { MarketStatusRepository } from './markets/market-status.repository';
import { MarketStatusService } from './markets/market-status.service';
import { MarketsController } from './markets/markets.controller';
import { FillRepository } from './orders/fill.repository';
import { PreventedMatchRepository } from './orders/prevented-match.repository';
import { OrderEventsRepository } from './orders/order-events.repository';
import { OrderAmendRepository } from './orders/order-amend.repository';
import { OrderAmendService } from './orders/order-amend.service';
import { OrderIntakeService } from './orders/order-intake.service';
import { OrderNotifierService } from './orders/order-notifier.service';
import { OrderQueryService } from './orders/order-query.service';
import { OrderRepository } from './orders/order.repository';
import { OrdersController } from './orders/orders.controller';
import { SubmitOrderSubscription } from './orders/submit-order.subscription';
import { CommandPublisherRepository } from './outbox/command-publisher.repository';
import { OutboxRelayService } from './outbox/outbox-relay.service';
import { OutboxRepository } from './outbox/outbox.repository';
import { LedgerQueryService } from './reconciliation/ledger-query.service';
import { ReconciliationScheduler } from './reconciliation/reconciliation.scheduler';
import { AssetSettingsService } from './reference/asset-settings.service';
import { ReferenceDataRepository } from './reference/reference-data.repository';
import { EventConsumerService } from './settlement/event-consumer.service';
import { EventCursorRepository } from './settlement/event-cursor.repository';
import { EventStreamRepository } from './settlement/event-stream.repository';
import { SettlementService } from './settlement/settlement.service';
import { type WalletConfig } from './config/wallet.config';

const CONTROLLERS = [
  OrdersController,
  FundsController,
  FundsHistoryController,
  ReferenceController,
  ChainController,
  MarketsController,
];

/** The chain behind deposit addresses and withdrawals (WALLET_CHAIN_WATCHER); a real one would be chosen here. */
const CHAIN_WATCHER_PROVIDER: Provider = {
  provide: CHAIN_WATCHER,
  inject: [APP_CONFIG, SimulatedChainRepository],
  useFactory: (config: WalletConfig, sim: SimulatedChainRepository) =>
    config.WALLET_CHAIN_WATCHER === 'simulated' ? sim : null,
};

const PROVIDERS = [
  WalletRpcExceptionFilter,
  UnitOfWork,
  ClockRepository,
  ReferenceDataRepository,
  AssetSettingsService,
  LedgerRepository,
  OrderRepository,
  FillRepository,
  PreventedMatchRepository,
  OrderQueryService,
  OrderEventsRepository,
  OrderNotifierService,
  OutboxRepository,
  CommandPublisherRepository,
  OutboxRelayService,
  OrderIntakeService,
  SubmitOrderSubscription,
  OrderAmendRepository,
  OrderAmendService,
  EventCursorRepository,
  EventStreamRepository,
  SettlementService,
  EventConsumerService,
  FundsRepository,
  FundsService,
  FundsHistoryRepository,
  FundsHistoryService,
  LedgerQueryService,
  ReconciliationScheduler,
  BalanceEventsRepository,
  BalanceNotifierService,
  SimulatedChainRepository,
  CHAIN_WATCHER_PROVIDER,
  ChainFundsRepository,
  ChainWatcherService,
  ChainService,
  MarketStatusRepository,
  MarketStatusService,
];

/** The wallet's features: ledger, order intake and outbox relay, settlement, deposits and withdrawals. */
@Module({})
export class WalletModule {
  /** Request/reply subjects carry the run prefix, like the stream subjects (see `bindWalletSubjects`). */
  static forRoot(natsPrefix: string): DynamicModule {
    bindWalletSubjects(CONTROLLERS, natsPrefix);
    return { module: WalletModule, controllers: CONTROLLERS, providers: PROVIDERS };
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { Counter, type Registry } from 'prom-client';
import { type EntityManager } from 'typeorm';

import {
  cmdSubject,
  type MatchingCommandMessage,
  type MatchingEventBatch,
  type MatchingEventMessage,
  type WalletExecutionType,
  type WalletOrderStatus,
} from '@exchange/shared-contracts';
import { formatDecimal } from '@exchange/shared-domain-money';
import { METRICS_REGISTRY } from '@exchange/shared-feature-runtime';
import { InjectLogger, type Logger } from '@exchange/shared-util-logging';
import {
  type AccountKey,
  buildOrderRelease,
  heldAccount,
  holdAsset,
  lotsTakeableAt,
  availableAccount,
  JournalTransactionBuilder,
  type OpenOrder,
  remainingNeed,
  settleTrade,
} from '@exchange/wallet-domain';

import { ClockRepository } from '../common/clock.repository';
import { UnitOfWork } from '../common/unit-of-work.repository';
import { BalanceNotifierService } from '../funds/balance-notifier.service';
import { LedgerRepository } from '../ledger/ledger.repository';
import { type FillRow } from '../orders/fill.repository';
import { type AmendOutcome, type AmendRow, OrderAmendRepository } from '../orders/order-amend.repository';
import { type OrderExecution, OrderNotifierService } from '../orders/order-notifier.service';
import { toOpenOrder } from '../orders/order-row.mapper';
import {
  preventedMatchKey,
  type PreventedMatchRow,
  PreventedMatchRepository,
} from '../orders/prevented-match.repository';
import { OutboxRelayService } from '../outbox/outbox-relay.service';
import { OutboxRepository } from '../outbox/outbox.repository';
import {
  OPEN_STATUSES,
  type OrderProgress,
  OrderRepository,
  type OrderRow,
} from '../orders/order.repository';
import { type MarketRecord, ReferenceDataRepository } from '../reference/reference-data.repository';
import { EventCursorRepository } from './event-cursor.repository';
import { SettlementJournal } from './settlement-journal.model';
import { SettlementRowsRepository } from './settlement-rows.repository';
import { StatementPipeline } from './statement-pipeline';

/**
 * Journal transactions per write: the inserts of one chunk run in PostgreSQL while the next chunk is computed, and
 * each statement's rows stay small enough for its checks to run in memory.
 */
const CHUNK_TRANSACTIONS = 1_000;

/**
 * Statements chained and not finished past which settlement waits before computing more (a chunk is one, two when
 * it brings new accounts). PostgreSQL writes a trade's rows more slowly than the wallet computes them, so without a
 * bound the whole batch's rows waited in memory (and were copied by every garbage collection) until their turn.
 */
const MAX_PENDING_STATEMENTS = 3;

/** What became of one event batch (one JetStream message). */
export type BatchOutcome =
  /** Its new events are applied and the cursor moved past it: ack. */
  | 'applied'
  /** Every event was applied before (a redelivery or a duplicate): ack. */
  | 'duplicate'
  /** It starts after a gap (an earlier message is still to come): nak and retry later. */
  | 'deferred'
  /** Its market is unknown to the wallet: nothing to settle, ack. */
  | 'ignored';

interface LiveOrder {
  row: OrderRow;
  open: OpenOrder;
  status: WalletOrderStatus;
  changed: boolean;
}

/** What one settlement transaction writes besides orders and cursors, and what it tells users after commit. */
interface SettlementWork {
  journal: SettlementJournal;
  /** Fills not written yet (each chunk goes with its journal transactions). */
  fills: FillRow[];
  executions: OrderExecution[];
  /** Settled trades per market (metrics). */
  trades: Map<string, number>;
  /** Settled volume per market, of its base and its quote asset, in the asset's smallest units (metrics). */
  volume: Map<string, { market: string; asset: string; decimals: number; units: bigint }[]>;
  /** Pending amends of the orders in this transaction, by order id, and those the engine answered. */
  amends: Map<string, AmendRow>;
  amendsDone: AmendOutcome[];
  /** Engine commands that bring an amended order to the quantity its amend asked for (see `correctAmend`). */
  corrections: MatchingCommandMessage[];
  /** Matches self-trade prevention stopped, by `preventedMatchKey`: an `EXPIRE_BOTH` match's two expiries fill one. */
  prevented: Map<string, PreventedMatchRow>;
  /** Stop orders the engine triggered, with the event time (their `workingTime`). */
  triggered: { orderId: string; ts: number }[];
  /** Accounts the journal rows were written to (`ensureAccounts` before them), remembered once committed. */
  accounts: AccountKey[];
}

const newWork = (): SettlementWork => ({
  journal: new SettlementJournal(),
  fills: [],
  executions: [],
  trades: new Map(),
  volume: new Map(),
  amends: new Map(),
  amendsDone: [],
  corrections: [],
  prevented: new Map(),
  triggered: [],
  accounts: [],
});

/**
 * Settlement of engine events: in ONE transaction per call, per market in sequence order, every event
 * above the market's cursor turns into journal transactions (trades via `settleTrade`, hold releases when
 * an order ends), each side of each trade is recorded as a fill with the fee it was charged, orders and holds
 * are updated, and the cursor moves, so a replay changes nothing. After commit, users hear of their balances
 * and of each execution of their orders.
 */
@Injectable()
export class SettlementService {
  private readonly anomalies: Counter;
  private readonly settledTrades: Counter;
  private readonly settledVolume: Counter;
  /** The journal's and fills' rows, by `COPY` (stateless: no provider of its own). */
  private readonly rows = new SettlementRowsRepository();

  constructor(
    private readonly uow: UnitOfWork,
    private readonly reference: ReferenceDataRepository,
    private readonly ledger: LedgerRepository,
    private readonly orders: OrderRepository,
    private readonly cursors: EventCursorRepository,
    private readonly notifier: BalanceNotifierService,
    private readonly orderNotifier: OrderNotifierService,
    private readonly amends: OrderAmendRepository,
    private readonly preventedMatches: PreventedMatchRepository,
    private readonly outbox: OutboxRepository,
    private readonly relay: OutboxRelayService,
    private readonly clock: ClockRepository,
    @InjectLogger() private readonly logger: Logger,
    @Inject(METRICS_REGISTRY) registry: Registry,
  ) {
    this.anomalies = new Counter({
      name: 'wallet_settlement_anomalies_total',
      help: 'Engine events the ledger could not settle (unknown or closed orders, refused trades)',
      labelNames: ['market', 'type'],
      registers: [registry],
    });
    this.settledTrades = new Counter({
      name: 'wallet_settled_trades_total',
      help: 'Trades settled into the ledger',
      labelNames: ['market'],
      registers: [registry],
    });
    this.settledVolume = new Counter({
      name: 'wallet_settled_volume_total',
      help:
        'Volume of the trades settled, per market and asset (base and quote), in whole units of the asset; ' +
        'a float for dashboards only (the ledger keeps exact integers)',
      labelNames: ['market', 'asset'],
      registers: [registry],
    });
  }

  /**
   * `computed` is called once every event has been applied in memory, while the last writes are still to run (and on
   * every attempt of a retried transaction): the consumer may start the next settlement then.
   */
  async apply(batches: readonly MatchingEventBatch[], computed?: () => void): Promise<BatchOutcome[]> {
    const users = new Set<string>();
    const markets = await this.reference.markets();
    let work: SettlementWork = newWork();
    // Planned for each chunk's own keys: a cached plan made while the order and journal tables were small would read
    // them whole for every chunk (`customPlans`).
    const outcomes = await this.uow.runBatched(
      async (tx, { first: reads, last: lastWrites }) => {
        // A retried transaction starts over.
        work = newWork();
        users.clear();
        const writes = new StatementPipeline();
        try {
          const outcomes: BatchOutcome[] = new Array(batches.length);
          const byMarket = new Map<string, number[]>();
          batches.forEach((b, i) => {
            const indexes = byMarket.get(b.market);
            if (indexes) indexes.push(i);
            else byMarket.set(b.market, [i]);
          });
          const live = new Map<string, LiveOrder>();
          const moved: { market: string; lastSeq: number }[] = [];
          const symbols = [...byMarket.keys()].sort();
          for (const symbol of symbols.filter((symbol) => !markets.has(symbol))) {
            this.logger.error({ market: symbol }, 'events of a market the wallet does not know; ignored');
            for (const i of byMarket.get(symbol)!) outcomes[i] = 'ignored';
          }
          const known = symbols.filter((symbol) => markets.has(symbol));

          // What the events need, read in one round trip with the transaction's BEGIN: the markets' cursors locked (in
          // market order), then their orders locked (in order-id order) and those orders' pending amends.
          const ids = known.flatMap((symbol) =>
            byMarket.get(symbol)!.flatMap((i) => batches[i].events.flatMap(orderIdsOf)),
          );
          const cursorsRead = this.cursors.lockAll(reads, known);
          const ordersRead = this.orders.lockMany(reads, ids);
          const amendsRead = this.amends.pendingOfMany(reads, ids);
          await reads.run(tx);
          const [cursors, orders, amends] = await Promise.all([cursorsRead, ordersRead, amendsRead]);
          for (const [orderId, amend] of amends) work.amends.set(orderId, amend);
          for (const row of orders.values()) {
            const record = markets.get(row.market);
            if (!record) continue;
            live.set(row.orderId, {
              row,
              open: toOpenOrder(row, record.market),
              status: row.status,
              changed: false,
            });
          }

          for (const symbol of known) {
            const indexes = byMarket.get(symbol)!.sort((a, b) => batches[a].firstSeq - batches[b].firstSeq);
            const record = markets.get(symbol)!;
            const cursor = cursors.get(symbol);
            if (!cursor) throw new Error(`settlement: no cursor of ${symbol} after creating it`);
            let last = cursor.lastSeq;
            for (const i of indexes) {
              const batch = batches[i];
              if (batch.lastSeq <= last) {
                outcomes[i] = 'duplicate';
                continue;
              }
              // The first batch a market ever sees may start anywhere (the stream may have been trimmed).
              if (batch.firstSeq > last + 1 && !(cursor.fresh && last === 0)) {
                this.logger.warn(
                  { market: symbol, lastSeq: last, firstSeq: batch.firstSeq },
                  'event gap; deferring',
                );
                outcomes[i] = 'deferred';
                continue;
              }
              for (const event of batch.events) {
                if (event.seq > last) this.applyEvent(record, event, live, work);
              }
              last = batch.lastSeq;
              outcomes[i] = 'applied';
              // A full chunk goes now, and so does whatever there is while PostgreSQL has nothing to do (the
              // transaction's first message, or one after the wallet fell behind): it would wait for the wallet's
              // next thousand journal transactions otherwise.
              if (work.journal.size >= CHUNK_TRANSACTIONS || (writes.pending === 0 && work.journal.size > 0))
                this.write(tx, work, writes);
              // The chained writes move on between messages; with more than a few chunks still to write, computing
              // more would only hold more rows in memory until PostgreSQL gets to them.
              await writes.yield(MAX_PENDING_STATEMENTS);
            }
            if (last !== cursor.lastSeq) moved.push({ market: symbol, lastSeq: last });
          }

          computed?.();
          this.write(tx, work, writes);
          await writes.drain();
          // The last writes go together with the COMMIT in one round trip (after the accounts' lock and check, and the
          // outbox rows).
          this.cursors.saveAll(lastWrites, moved);
          // Every balance moves once, by what the whole settlement's entries add up to.
          await this.ledger.moveBalances(tx, work.journal.deltas, lastWrites);
          this.amends.finish(lastWrites, work.amendsDone);
          this.orders.markTriggered(lastWrites, work.triggered);
          // The rows of EXPIRE_BOTH matches whose first expiry an earlier settlement brought take that one's id.
          const matchesSaved = this.preventedMatches.save(lastWrites, [...work.prevented.values()]);
          for (const command of work.corrections) {
            await this.outbox.add(tx, {
              messageId: command.commandId,
              subject: cmdSubject(command.market),
              payload: command,
            });
          }
          for (const userId of work.journal.users) users.add(userId);
          const progress: OrderProgress[] = [...live.values()]
            .filter((o) => o.changed)
            .map((o) => ({
              orderId: o.row.orderId,
              lots: 'lots' in o.open.spec ? o.open.spec.lots : null,
              filledLots: o.open.filledLots,
              spentQuoteUnits: o.open.spentQuoteUnits,
              status: o.status,
              holdAmount: OPEN_STATUSES.includes(o.status) ? remainingNeed(o.open) : 0n,
            }));
          this.orders.saveProgress(lastWrites, progress);
          await lastWrites.run(tx);
          await matchesSaved;
          return outcomes;
        } catch (error) {
          // Nothing chained may reach the connection once the transaction is being rolled back (or is released).
          await writes.abort();
          throw error;
        }
      },
      { customPlans: true },
    );
    this.ledger.rememberCommitted(work.accounts);
    for (const [market, n] of work.trades) this.settledTrades.inc({ market }, n);
    for (const sums of work.volume.values())
      for (const { market, asset, decimals, units } of sums)
        this.settledVolume.inc({ market, asset }, Number(formatDecimal(units, decimals)));
    this.notifier.notifyLatest(users);
    this.orderNotifier.notify(work.executions, markets);
    if (work.corrections.length > 0) this.relay.wake();
    return outcomes;
  }

  /**
   * Chains the writes of the journal transactions and fills computed since the last call (new accounts first: the
   * entries refer to them); they run while the caller computes the next ones.
   */
  private write(tx: EntityManager, work: SettlementWork, writes: StatementPipeline): void {
    const chunk = work.journal.take();
    const fills = work.fills;
    work.fills = [];
    if (chunk.newAccounts.length > 0) {
      work.accounts.push(...chunk.newAccounts);
      writes.add(() => this.ledger.ensureAccounts(tx, chunk.newAccounts));
    }
    if (chunk.transactions.length > 0 || fills.length > 0) {
      // Encoded now, so that the statement goes the moment the one before it is done.
      const encoded = this.rows.encode(chunk, fills);
      writes.add(() => this.rows.insertEncoded(tx, encoded));
    }
  }

  private applyEvent(
    record: MarketRecord,
    event: MatchingEventMessage,
    live: Map<string, LiveOrder>,
    work: SettlementWork,
  ): void {
    const market = record.symbol;
    const { journal, trades } = work;
    switch (event.type) {
      case 'accepted': {
        const order = live.get(event.orderId);
        if (order?.status === 'PENDING') {
          order.status = 'ACCEPTED';
          order.changed = true;
          work.executions.push(execution('NEW', order, event.ts));
        }
        return;
      }
      case 'trade': {
        const maker = live.get(event.makerOrderId);
        const taker = live.get(event.takerOrderId);
        if (!maker || !taker || !isOpen(maker) || !isOpen(taker)) {
          this.anomaly(market, 'trade', event, 'trade of an order the wallet does not hold open');
          return;
        }
        const buy = event.takerSide === 'BUY' ? taker : maker;
        const sell = event.takerSide === 'BUY' ? maker : taker;
        const settled = settleTrade({
          tradeId: event.seq,
          priceTicks: event.price,
          lots: event.quantity,
          takerSide: event.takerSide,
          buyOrder: buy.open,
          sellOrder: sell.open,
        });
        if (!settled.ok) {
          this.anomaly(market, 'trade', event, `settlement refused: ${settled.message}`);
          return;
        }
        journal.add(settled.value.transaction);
        buy.open = settled.value.buyOrder;
        sell.open = settled.value.sellOrder;
        buy.changed = sell.changed = true;
        trades.set(market, (trades.get(market) ?? 0) + 1);
        if (event.makerRemaining === 0) this.end(maker, 'FILLED', journal);
        if (event.takerRemaining === 0) this.end(taker, 'FILLED', journal);
        const { baseUnits, quoteUnits, buyerFee, sellerFee } = settled.value;
        let volume = work.volume.get(market);
        if (!volume) {
          volume = [
            { market, asset: record.base.code, decimals: record.base.decimals, units: 0n },
            { market, asset: record.quote.code, decimals: record.quote.decimals, units: 0n },
          ];
          work.volume.set(market, volume);
        }
        volume[0].units += baseUnits;
        volume[1].units += quoteUnits;
        const fillOf = (order: LiveOrder, commission: bigint, commissionAsset: string): FillRow => ({
          market,
          tradeId: event.seq,
          side: order.row.side,
          orderId: order.row.orderId,
          orderNo: order.row.orderNo,
          clientOrderId: order.row.clientOrderId,
          userId: order.row.userId,
          isMaker: order === maker,
          priceTicks: event.price,
          lots: event.quantity,
          baseUnits,
          quoteUnits,
          commission,
          commissionAsset,
          tradedAtMs: event.ts,
        });
        // Each side is charged in what it receives: the buyer in base, the seller in quote.
        const buyFill = fillOf(buy, buyerFee, record.base.code);
        const sellFill = fillOf(sell, sellerFee, record.quote.code);
        work.fills.push(buyFill, sellFill);
        work.executions.push(
          execution('TRADE', maker, event.ts, maker === buy ? buyFill : sellFill),
          execution('TRADE', taker, event.ts, taker === buy ? buyFill : sellFill),
        );
        return;
      }
      case 'cancelled':
      case 'expired': {
        const order = live.get(event.orderId);
        if (!order || !isOpen(order)) {
          this.anomaly(market, event.type, event, 'end of an order the wallet does not hold open');
          return;
        }
        if (event.type === 'cancelled') {
          this.end(order, 'CANCELLED', journal);
          work.executions.push(execution('CANCELED', order, event.ts));
        } else if (event.reason === 'STP_TAKER' || event.reason === 'STP_MAKER') {
          // Self-trade prevention: Binance's EXPIRED_IN_MATCH status, reported as a TRADE_PREVENTION execution.
          this.end(order, 'EXPIRED_IN_MATCH', journal);
          const prevention = this.prevented(market, event, order, live, work);
          work.executions.push(
            execution('TRADE_PREVENTION', order, event.ts, undefined, undefined, prevention),
          );
        } else {
          this.end(order, 'EXPIRED', journal);
          work.executions.push(execution('EXPIRED', order, event.ts));
        }
        return;
      }
      case 'rejected': {
        // A rejected cancel leaves its order alone; a rejected amend gives back what it topped up.
        if (event.command === 'amend' && event.orderId) {
          this.amendRejected(market, event.seq, event.orderId, event.reason, live, work);
          return;
        }
        // A restricted cancel the engine refused: the gateway waiting on it learns so (the user streams do not).
        if (event.command === 'cancel' && event.reason === 'CANCEL_RESTRICTED' && event.orderId) {
          const order = live.get(event.orderId);
          if (order && isOpen(order)) {
            const ts = event.ts ?? this.clock.now();
            work.executions.push(execution('CANCEL_REJECTED', order, ts, undefined, event.reason));
          }
          return;
        }
        // A rejected place ends its order.
        if (event.command !== 'place' || !event.orderId) return;
        const order = live.get(event.orderId);
        if (order && isOpen(order)) {
          this.end(order, 'REJECTED', journal);
          const ts = event.ts ?? this.clock.now();
          work.executions.push(execution('REJECTED', order, ts, undefined, event.reason));
        }
        return;
      }
      case 'triggered': {
        // The stop now works as the order it became (its hold already covers that): Binance reports NEW again.
        const order = live.get(event.orderId);
        if (!order || !isOpen(order) || order.row.triggeredAtMs !== null) return;
        order.row = { ...order.row, triggeredAtMs: event.ts };
        work.triggered.push({ orderId: event.orderId, ts: event.ts });
        work.executions.push(execution('NEW', order, event.ts));
        return;
      }
      case 'amended': {
        const order = live.get(event.orderId);
        const requested = work.amends.get(event.orderId);
        if (requested) {
          work.amendsDone.push({
            orderId: event.orderId,
            status: 'APPLIED',
            applied: { seq: event.seq, ts: event.ts },
          });
          work.amends.delete(event.orderId);
        }
        if (!order || !isOpen(order) || !('lots' in order.open.spec)) {
          this.anomaly(market, 'amended', event, 'amend of an order the wallet does not hold open');
          return;
        }
        const lots = order.open.filledLots + event.quantity;
        if (requested && lots !== requested.newLots)
          this.correctAmend(market, event, order, requested.newLots, work);
        if (lots > order.open.spec.lots) {
          // The hold cannot grow here: amends that raise a quantity must go through the wallet.
          this.anomaly(market, 'amended', event, 'amend raised the quantity beyond what is held');
          return;
        }
        const amended: OpenOrder = { ...order.open, spec: { ...order.open.spec, lots } };
        const asset = holdAsset(amended);
        const excess = remainingNeed(order.open) - remainingNeed(amended);
        if (excess > 0n) {
          const tx = new JournalTransactionBuilder(`order-amend:${market}:${event.seq}`, 'ORDER_RELEASE')
            .transfer(heldAccount(amended.userId, asset), availableAccount(amended.userId, asset), excess)
            .build();
          if (!tx.ok) throw new Error(`amend release of ${event.orderId} refused: ${tx.message}`);
          journal.add(tx.value);
        }
        order.open = amended;
        order.changed = true;
        work.executions.push(execution('REPLACED', order, event.ts));
        return;
      }
      default:
        return;
    }
  }

  /**
   * The engine's amend sets the remaining quantity, computed at the request from the fills the wallet had settled.
   * When the engine filled the order in between, its total now differs from the quantity the amend asked for (a cut
   * can even come out as a raise). Queue, in this transaction, the command that brings it back: an amend to what
   * is still wanted, or a cancel when the fills already reach it. It is applied in the engine's order like any other.
   */
  private correctAmend(
    market: string,
    event: Extract<MatchingEventMessage, { type: 'amended' }>,
    order: LiveOrder,
    wantedLots: number,
    work: SettlementWork,
  ): void {
    const remaining = wantedLots - order.open.filledLots;
    const commandId = `amend-fix:${market}:${event.seq}`;
    const { orderId, userId } = event;
    work.corrections.push({
      v: 1,
      market,
      commandId,
      command:
        remaining > 0
          ? { type: 'amend', orderId, userId, quantity: remaining, ts: event.ts }
          : { type: 'cancel', orderId, userId, ts: event.ts },
    });
    this.logger.warn(
      { market, orderId, wantedLots, engineLots: order.open.filledLots + event.quantity, commandId },
      'amend crossed a fill; correcting command queued',
    );
  }

  /** The engine refused an amend: a raise's top-up goes back and the order keeps its quantity. */
  private amendRejected(
    market: string,
    seq: number,
    orderId: string,
    reason: string,
    live: Map<string, LiveOrder>,
    work: SettlementWork,
  ): void {
    const amend = work.amends.get(orderId);
    if (!amend) return;
    work.amends.delete(orderId);
    work.amendsDone.push({ orderId, status: 'REJECTED', reason: reason.slice(0, 100) });
    const order = live.get(orderId);
    // An order that ended meanwhile released its whole hold, top-up included.
    if (!order || !isOpen(order) || !('lots' in order.open.spec) || amend.newLots <= amend.previousLots)
      return;
    const reverted: OpenOrder = { ...order.open, spec: { ...order.open.spec, lots: amend.previousLots } };
    const asset = holdAsset(reverted);
    const excess = remainingNeed(order.open) - remainingNeed(reverted);
    if (excess > 0n) {
      const tx = new JournalTransactionBuilder(`order-amend-undo:${market}:${seq}`, 'ORDER_RELEASE')
        .transfer(heldAccount(reverted.userId, asset), availableAccount(reverted.userId, asset), excess)
        .build();
      if (!tx.ok) throw new Error(`amend undo of ${orderId} refused: ${tx.message}`);
      work.journal.add(tx.value);
    }
    order.open = reverted;
    order.changed = true;
  }

  /**
   * Records the match a self-trade prevention expiry names (engines from before `counterOrderId` name none): the
   * taker's mode decided it; the expired order's remainder is its prevented quantity (none for a market buy sized by
   * quote, whose remainder is quote). An `EXPIRE_BOTH` match's second expiry completes the row of its first. Gives the match and the other
   * order for the order's TRADE_PREVENTION execution.
   */
  private prevented(
    market: string,
    event: Extract<MatchingEventMessage, { type: 'expired' }>,
    order: LiveOrder,
    live: Map<string, LiveOrder>,
    work: SettlementWork,
  ): OrderExecution['prevention'] {
    if (event.counterOrderId === undefined || event.price === undefined) return undefined;
    const counter = live.get(event.counterOrderId);
    if (!counter) {
      this.anomaly(market, 'expired', event, 'prevented match with an order the wallet does not hold');
      return undefined;
    }
    const counterOrderNo = counter.row.orderNo;
    const isTaker = event.reason === 'STP_TAKER';
    const [taker, maker] = isTaker ? [order, counter] : [counter, order];
    const lots = 'lots' in order.open.spec ? event.remaining : null;
    // What the match would have traded: the smaller of what each could take at the match's price (the counter as
    // settled so far in this batch); a market buy sized by quote takes the whole lots its unspent quote buys there,
    // its remainder in the event being tick-lots.
    const ownLots = lots ?? Math.floor(event.remaining / event.price);
    const prevention = { counterOrderNo, lots: Math.min(ownLots, lotsTakeableAt(counter.open, event.price)) };
    const key = preventedMatchKey({
      market,
      takerOrderNo: taker.row.orderNo,
      makerOrderNo: maker.row.orderNo,
    });
    const seen = work.prevented.get(key);
    if (seen) {
      if (isTaker) seen.takerPreventedLots = lots;
      else seen.makerPreventedLots = lots;
      return { match: seen, ...prevention };
    }
    const mode = taker.row.stpMode;
    const match: PreventedMatchRow = {
      market,
      preventedMatchId: event.seq,
      userId: order.row.userId,
      takerOrderId: taker.row.orderId,
      takerOrderNo: taker.row.orderNo,
      makerOrderId: maker.row.orderId,
      makerOrderNo: maker.row.orderNo,
      // A taker's mode is never NONE here (it would have traded); the engine's word wins over a row from before modes.
      stpMode: mode === 'NONE' ? (isTaker ? 'EXPIRE_TAKER' : 'EXPIRE_MAKER') : mode,
      priceTicks: event.price,
      takerPreventedLots: isTaker ? lots : null,
      makerPreventedLots: isTaker ? null : lots,
      transactTimeMs: event.ts,
    };
    work.prevented.set(key, match);
    return { match, ...prevention };
  }

  /** The order is over: return what its hold still covers. */
  private end(order: LiveOrder, status: WalletOrderStatus, journal: SettlementJournal): void {
    const release = buildOrderRelease(order.open);
    if (!release.ok) throw new Error(`release of ${order.row.orderId} refused: ${release.message}`);
    if (release.value) journal.add(release.value);
    order.status = status;
    order.changed = true;
  }

  private anomaly(market: string, type: string, event: MatchingEventMessage, message: string): void {
    this.anomalies.inc({ market, type });
    this.logger.error({ market, event }, message);
  }
}

/**
 * An execution as a settlement keeps it until its commit: the order's row as it stood (rows are replaced, never
 * changed) and the fields the execution moved; the order as it stood right after the execution (updated at `ts`) is
 * built only when the notifier reads `order`. A settlement holds up to two executions per trade of its whole batch
 * until the commit, so what each keeps is what the garbage collector copies: a copy of the row per execution (21
 * fields) cost more than the settlement's own work.
 */
class SettledExecution implements OrderExecution {
  private readonly row: OrderRow;
  private readonly lots: number | null;
  private readonly filledLots: number;
  private readonly spentQuoteUnits: bigint;
  private readonly status: WalletOrderStatus;

  constructor(
    readonly type: WalletExecutionType,
    order: LiveOrder,
    readonly ts: number,
    readonly fill?: FillRow,
    readonly rejectReason?: string,
    readonly prevention?: OrderExecution['prevention'],
  ) {
    this.row = order.row;
    this.lots = 'lots' in order.open.spec ? order.open.spec.lots : null;
    this.filledLots = order.open.filledLots;
    this.spentQuoteUnits = order.open.spentQuoteUnits;
    this.status = order.status;
  }

  get userId(): string {
    return this.row.userId;
  }

  get order(): OrderRow {
    return {
      ...this.row,
      lots: this.lots,
      filledLots: this.filledLots,
      spentQuoteUnits: this.spentQuoteUnits,
      status: this.status,
      updatedAtMs: this.ts,
    };
  }
}

/** The execution of `type` that leaves the order as it stands now, at `ts`. */
function execution(
  type: WalletExecutionType,
  order: LiveOrder,
  ts: number,
  fill?: FillRow,
  rejectReason?: string,
  prevention?: OrderExecution['prevention'],
): OrderExecution {
  return new SettledExecution(type, order, ts, fill, rejectReason, prevention);
}

function isOpen(order: LiveOrder): boolean {
  return OPEN_STATUSES.includes(order.status);
}

function orderIdsOf(event: MatchingEventMessage): string[] {
  switch (event.type) {
    case 'trade':
      return [event.makerOrderId, event.takerOrderId];
    case 'rejected':
      return event.orderId ? [event.orderId] : [];
    case 'expired':
      return event.counterOrderId === undefined ? [event.orderId] : [event.orderId, event.counterOrderId];
    case 'accepted':
    case 'cancelled':
    case 'amended':
    case 'triggered':
      return [event.orderId];
    default:
      return [];
  }
}

import {
  OrderBook,
  type MatchingCommand,
  type PlaceOrderCommand,
  type Side,
} from '@exchange/matching-domain';
import { seededRandom } from '@exchange/shared-util-random';

/** Command kinds of a workload, for per-type latency figures. */
export const KIND_NAMES = ['limit GTC', 'limit IOC', 'market', 'cancel', 'reduce'] as const;
export const K_GTC = 0;
export const K_IOC = 1;
export const K_MARKET = 2;
export const K_CANCEL = 3;
export const K_REDUCE = 4;

export interface Workload {
  name: string;
  /** Resting orders placed before timing starts. */
  setup: PlaceOrderCommand[];
  /** The timed commands. */
  commands: MatchingCommand[];
  kinds: Uint8Array;
  /** Share of timed commands that traded at least once (measured on this engine while generating). */
  tradingShare: number;
  setupLevels: number;
}

export interface WorkloadSpec {
  name: string;
  seed: number;
  restingOrders: number;
  /** Levels per side over which the resting orders are spread uniformly. */
  levelsPerSide: number;
  commands: number;
  /** Replace quantity reductions by cancels (the peers re-queue a reduced order; we keep priority). */
  withoutReductions?: boolean;
  /**
   * Order ids as random version-4 UUIDs (as the wallet's intake issues them) instead of `s<n>` and
   * `o<n>`. Drawn from their own seeded generator, so the commands are otherwise the same.
   */
  uuidIds?: boolean;
}

const MID = 100_000;
/**
 * Share of GTC limits priced at or through the opposite best. With 10% IOC/market takers this makes
 * about 32% of commands trade, the figure (a quarter of the GTCs crossing would give ~24%).
 */
const CROSSING_SHARE = 0.45;
/**
 * Resting (maker) orders are 1..200 lots, takers 1..10 lots: a taker then rarely empties a maker, so
 * that, with 30% cancels, the book stays near its setup size instead of draining (with 1..10-lot makers
 * the shallow book drained to a few dozen orders and ~9% of commands met an empty opposite side).
 */
const MAKER_MAX = 200;

/**
 * The single-market mix: a resting book, then 55% GTC limits near the spread (a share of
 * them crossing, see CROSSING_SHARE), 5% IOC, 5% market, 30% cancels and 5% quantity reductions of live
 * orders; about 32% of commands trade and the book stays near its setup size. The
 * generator runs our engine alongside to know which orders are live and what the best prices are.
 */
export function generateWorkload(spec: WorkloadSpec): Workload {
  const rand = seededRandom(spec.seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const live: string[] = [];
  const liveIndex = new Map<string, number>();
  const remaining = new Map<string, number>();
  const ownerOf = new Map<string, string>();
  const addLive = (id: string, qty: number) => {
    liveIndex.set(id, live.length);
    live.push(id);
    remaining.set(id, qty);
  };
  const removeLive = (id: string) => {
    const i = liveIndex.get(id);
    if (i === undefined) return;
    const last = live.pop()!;
    if (last !== id) {
      live[i] = last;
      liveIndex.set(last, i);
    }
    liveIndex.delete(id);
    remaining.delete(id);
  };

  let traded = false;
  let takerLeft = -1;
  const book = new OrderBook({
    sink: (e) => {
      if (e.type === 'trade') {
        traded = true;
        takerLeft = e.takerRemaining;
        if (e.makerRemaining === 0) removeLive(e.makerOrderId);
        else remaining.set(e.makerOrderId, e.makerRemaining);
      } else if (e.type === 'cancelled' || (e.type === 'expired' && liveIndex.has(e.orderId))) {
        removeLive(e.orderId);
      } else if (e.type === 'amended') {
        remaining.set(e.orderId, e.quantity);
      }
    },
  });

  let next = 0;
  let ts = 0;
  const uuidRand = seededRandom(spec.seed ^ 0x5eed1d5);
  const hex8 = () => (Math.floor(uuidRand() * 4294967296) >>> 0).toString(16).padStart(8, '0');
  const newId = (prefix: string): string => {
    const n = next++;
    if (!spec.uuidIds) return `${prefix}${n}`;
    const a = hex8();
    const b = hex8();
    const c = hex8();
    const d = hex8();
    const variant = '89ab'[parseInt(c[0], 16) & 3];
    return `${a}-${b.slice(0, 4)}-4${b.slice(5)}-${variant}${c.slice(1, 4)}-${c.slice(4)}${d}`;
  };
  const setup: PlaceOrderCommand[] = [];
  for (let i = 0; i < spec.restingOrders; i++) {
    const side: Side = i % 2 === 0 ? 'BUY' : 'SELL';
    const offset = int(1, spec.levelsPerSide);
    const cmd: PlaceOrderCommand = {
      type: 'place',
      orderId: newId('s'),
      userId: `u${int(0, 999)}`,
      side,
      orderType: 'LIMIT',
      timeInForce: 'GTC',
      price: side === 'BUY' ? MID - offset : MID + offset,
      quantity: int(1, MAKER_MAX),
      ts: ts++,
    };
    setup.push(cmd);
    ownerOf.set(cmd.orderId, cmd.userId);
    book.apply(cmd);
    addLive(cmd.orderId, cmd.quantity!);
  }
  const setupLevels = book.l2().bids.length + book.l2().asks.length;

  const commands: MatchingCommand[] = [];
  const kinds = new Uint8Array(spec.commands);
  let tradingCommands = 0;
  for (let n = 0; n < spec.commands; n++) {
    const r = rand();
    const side: Side = rand() < 0.5 ? 'BUY' : 'SELL';
    const { bid, ask } = book.top();
    const same = side === 'BUY' ? bid : ask;
    const opposite = side === 'BUY' ? ask : bid;
    const toward = side === 'BUY' ? 1 : -1;
    const userId = `u${int(0, 999)}`;
    const quantity = int(1, 10);
    let cmd: MatchingCommand;
    let kind: number;
    if (r < 0.55 || (r >= 0.65 && live.length === 0)) {
      kind = K_GTC;
      let price: number;
      let qty = quantity;
      // Cross only while the book holds at least its setup size, so that it stays stationary.
      if (opposite !== 0 && rand() < CROSSING_SHARE && live.length >= spec.restingOrders) {
        price = opposite + toward * int(0, 2);
      } else {
        qty = int(1, MAKER_MAX);
        const anchor = same !== 0 ? same : opposite !== 0 ? opposite - toward * 2 : MID - toward;
        price = anchor - toward * int(-1, 5);
        if (opposite !== 0 && (side === 'BUY' ? price >= opposite : price <= opposite))
          price = opposite - toward;
      }
      cmd = {
        type: 'place',
        orderId: newId('o'),
        userId,
        side,
        orderType: 'LIMIT',
        timeInForce: 'GTC',
        price,
        quantity: qty,
        ts: ts++,
      };
    } else if (r < 0.6) {
      kind = K_IOC;
      const anchor = opposite !== 0 ? opposite : MID;
      const price = anchor + toward * int(-1, 2);
      cmd = {
        type: 'place',
        orderId: newId('o'),
        userId,
        side,
        orderType: 'LIMIT',
        timeInForce: 'IOC',
        price,
        quantity,
        ts: ts++,
      };
    } else if (r < 0.65) {
      kind = K_MARKET;
      cmd = { type: 'place', orderId: newId('o'), userId, side, orderType: 'MARKET', quantity, ts: ts++ };
    } else {
      const id = live[int(0, live.length - 1)];
      const rem = remaining.get(id)!;
      const owner = ownerOf.get(id)!;
      if (r >= 0.95 && !spec.withoutReductions && rem >= 2) {
        kind = K_REDUCE;
        cmd = { type: 'amend', orderId: id, userId: owner, quantity: int(1, rem - 1), ts: ts++ };
      } else {
        kind = K_CANCEL;
        cmd = { type: 'cancel', orderId: id, userId: owner, ts: ts++ };
      }
    }
    traded = false;
    takerLeft = -1;
    book.apply(cmd);
    if (traded) tradingCommands++;
    if (cmd.type === 'place') {
      ownerOf.set(cmd.orderId, cmd.userId);
      if (kind === K_GTC && takerLeft !== 0)
        addLive(cmd.orderId, takerLeft === -1 ? cmd.quantity! : takerLeft);
    }
    commands.push(cmd);
    kinds[n] = kind;
  }
  return {
    name: spec.name,
    setup,
    commands,
    kinds,
    tradingShare: tradingCommands / spec.commands,
    setupLevels,
  };
}

import { type Context } from '@opentelemetry/api';

import { type NatsNames } from '@exchange/shared-data-access-nats';

/** Trace contexts a market keeps at most while waiting for their events (a bound, not a working size). */
const MAX_PER_MARKET = 10_000;

/**
 * The trace contexts of the commands a market's writer consumed and whose events are not stored yet, from
 * `CommandStreamRepository` (on delivery) to `EventStreamRepository` (on append), by CMD stream sequence. One
 * table per NATS set-up (`NatsNames` is one object per app), so apps in one process never mix.
 */
class CommandTraceTable {
  private readonly markets = new Map<string, { seq: number; context: Context }[]>();

  /** A new subscription: what the previous one left is of no use. */
  reset(market: string): void {
    this.markets.delete(market);
  }

  add(market: string, seq: number, context: Context): void {
    let entries = this.markets.get(market);
    if (!entries) this.markets.set(market, (entries = []));
    entries.push({ seq, context });
    if (entries.length > MAX_PER_MARKET) entries.splice(0, entries.length - MAX_PER_MARKET);
  }

  /**
   * The contexts of the commands up to `commandSeq` (all that an appended message completes), removed; when
   * none (a message that ends inside a command), the context of the command under way, kept.
   */
  take(market: string, commandSeq: number): Context[] {
    const entries = this.markets.get(market);
    if (!entries?.length) return [];
    let n = 0;
    while (n < entries.length && entries[n]!.seq <= commandSeq) n++;
    if (n === 0) return [entries[0]!.context];
    return entries.splice(0, n).map((e) => e.context);
  }
}

const tables = new WeakMap<NatsNames, CommandTraceTable>();

export function commandTraces(names: NatsNames): CommandTraceTable {
  let table = tables.get(names);
  if (!table) tables.set(names, (table = new CommandTraceTable()));
  return table;
}

import { type Ticker24hrReply } from '@exchange/shared-contracts';

/**
 * The pod's copy of every market's 24 h ticker for REST reads, fed by market-data's `md.<market>.ticker` messages
 * and by periodic snapshots (market-data's `ticker/24hr` for every market, read from the Redis keys it writes just
 * before each ticker message).
 *
 * A snapshot is taken only for markets that had no message since its request went out: a message that arrived
 * meanwhile is at least as new as the snapshot's value, or a newer message is on its way (market-data publishes
 * after every write). A ticker message lost on core NATS is repaired by the next snapshot, so an answer is at most
 * one snapshot interval older than market-data's own, and normally just the publish latency. The board answers
 * only after a snapshot, and only while its last snapshot is recent (`trustMs`).
 */
export class TickerBoard {
  private readonly tickers = new Map<string, Ticker24hrReply>();
  /** The message count when each symbol's ticker last came in a message. */
  private readonly touched = new Map<string, number>();
  private messages = 0;
  /** Every market, in market-data's order (the answer without `symbol`), from the last snapshot. */
  private all: string[] = [];
  private snapshotAt = -Infinity;

  constructor(private readonly trustMs: number) {}

  onMessage(ticker: Ticker24hrReply): void {
    this.messages++;
    this.tickers.set(ticker.symbol, ticker);
    this.touched.set(ticker.symbol, this.messages);
  }

  /** To pass to `onSnapshot` with the reply of a snapshot requested now. */
  mark(): number {
    return this.messages;
  }

  onSnapshot(mark: number, tickers: Ticker24hrReply[], now: number): void {
    for (const ticker of tickers) {
      if ((this.touched.get(ticker.symbol) ?? 0) <= mark) this.tickers.set(ticker.symbol, ticker);
    }
    this.all = tickers.map((t) => t.symbol);
    this.snapshotAt = now;
  }

  /** Not trusted any more (e.g. the feed stopped): answers nothing until the next snapshot. */
  reset(): void {
    this.snapshotAt = -Infinity;
  }

  /**
   * Tickers of `symbols` in that order (every market when left out), or undefined when the board cannot answer: not
   * recent, or a symbol it does not know (market-data then answers, or refuses the symbol).
   */
  get(now: number, symbols?: string[]): Ticker24hrReply[] | undefined {
    if (now - this.snapshotAt > this.trustMs) return undefined;
    const list = symbols ?? this.all;
    const out: Ticker24hrReply[] = [];
    for (const symbol of list) {
      const ticker = this.tickers.get(symbol);
      if (!ticker) return undefined;
      out.push(ticker);
    }
    return out;
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { type WalletMarket } from '@exchange/shared-contracts';
import { parseDecimal } from '@exchange/shared-domain-money';
import { createMarket, type Market } from '@exchange/wallet-domain';

export interface AssetRecord {
  readonly code: string;
  readonly decimals: number;
  readonly enabled: boolean;
}

export interface MarketRecord {
  readonly symbol: string;
  readonly base: AssetRecord;
  readonly quote: AssetRecord;
  readonly status: 'TRADING' | 'HALTED' | 'CANCEL_ONLY';
  /** The domain view: grid and fees. */
  readonly market: Market;
  /** Filters in minor units: base for minQty, quote for minNotional. */
  readonly minQtyUnits: bigint;
  readonly minNotionalUnits: bigint;
}

const TTL_MS = 2_000;
/** Beyond this age a copy is not served while a read runs: callers wait for the read. */
const MAX_STALE_MS = 10_000;

interface Snapshot {
  at: number;
  assets: Map<string, AssetRecord>;
  markets: Map<string, MarketRecord>;
}

/**
 * Assets and markets, read from PostgreSQL and kept for a couple of seconds. Callers read them before opening a
 * transaction, so that a transaction never waits for a second pool connection.
 *
 * One read at a time: callers arriving while it runs share it. Once the copy is older than `TTL_MS`, the next
 * caller starts a read and, while it runs, callers get the copy they had (up to `MAX_STALE_MS` old), so order
 * intake never waits for reference data on its hot path, and a status change (a halt) is seen within about
 * `TTL_MS` plus one read.
 */
@Injectable()
export class ReferenceDataRepository {
  private cache?: Snapshot;
  private reading?: Promise<Snapshot>;
  /** Bumped by `invalidate`: a read that started before it does not become the copy. */
  private generation = 0;

  constructor(private readonly dataSource: DataSource) {}

  async asset(code: string): Promise<AssetRecord | undefined> {
    return (await this.load()).assets.get(code);
  }

  async market(symbol: string): Promise<MarketRecord | undefined> {
    return (await this.load()).markets.get(symbol);
  }

  async markets(): Promise<Map<string, MarketRecord>> {
    return (await this.load()).markets;
  }

  /** Every market's row as configured (decimal strings), with its assets' decimals: what clients are shown. */
  async marketSettings(): Promise<WalletMarket[]> {
    const rows: {
      symbol: string;
      base: string;
      base_decimals: number;
      quote: string;
      quote_decimals: number;
      tick_size: string;
      step_size: string;
      min_qty: string;
      min_notional: string;
      maker_fee_ppm: number;
      taker_fee_ppm: number;
      status: WalletMarket['status'];
    }[] = await this.dataSource.query(
      `select m.symbol, m.base, b.decimals as base_decimals, m.quote, q.decimals as quote_decimals, m.tick_size,
              m.step_size, m.min_qty, m.min_notional, m.maker_fee_ppm, m.taker_fee_ppm, m.status
         from market m join asset b on b.code = m.base join asset q on q.code = m.quote
        order by m.symbol`,
    );
    return rows.map((r) => ({
      symbol: r.symbol,
      base: r.base,
      baseDecimals: Number(r.base_decimals),
      quote: r.quote,
      quoteDecimals: Number(r.quote_decimals),
      tickSize: r.tick_size,
      stepSize: r.step_size,
      minQty: r.min_qty,
      minNotional: r.min_notional,
      makerFeePpm: Number(r.maker_fee_ppm),
      takerFeePpm: Number(r.taker_fee_ppm),
      status: r.status,
    }));
  }

  async assets(): Promise<Map<string, AssetRecord>> {
    return (await this.load()).assets;
  }

  /**
   * Drops the copy after this process changed reference data (a market's status): the next caller waits for a
   * fresh read, and a read already running (it may have read the old rows) is not kept. Other processes see the
   * change when their copy ages out (`TTL_MS` plus one read).
   */
  invalidate(): void {
    this.generation++;
    this.cache = undefined;
    this.reading = undefined;
  }

  private load(): Promise<Snapshot> | Snapshot {
    const age = this.cache ? Date.now() - this.cache.at : Infinity;
    if (age < TTL_MS) return this.cache!;
    this.reading ??= this.read().finally(() => {
      this.reading = undefined;
    });
    if (age >= MAX_STALE_MS) return this.reading;
    // Served from the copy meanwhile; a failed read is retried by the next caller (and seen by those awaiting it).
    this.reading.catch(() => undefined);
    return this.cache!;
  }

  private async read(): Promise<Snapshot> {
    const generation = this.generation;
    const assetRows: { code: string; decimals: number; enabled: boolean }[] = await this.dataSource.query(
      'select code, decimals, enabled from asset',
    );
    const assets = new Map(assetRows.map((a) => [a.code, { ...a, decimals: Number(a.decimals) }]));
    const marketRows: {
      symbol: string;
      base: string;
      quote: string;
      tick_size: string;
      step_size: string;
      min_qty: string;
      min_notional: string;
      maker_fee_ppm: number;
      taker_fee_ppm: number;
      status: MarketRecord['status'];
    }[] = await this.dataSource.query('select * from market');
    const markets = new Map<string, MarketRecord>();
    for (const row of marketRows) {
      const base = assets.get(row.base)!;
      const quote = assets.get(row.quote)!;
      const market = createMarket({
        symbol: row.symbol,
        base,
        quote,
        tickSize: row.tick_size,
        stepSize: row.step_size,
        makerFeePpm: row.maker_fee_ppm,
        takerFeePpm: row.taker_fee_ppm,
      });
      const minQty = parseDecimal(row.min_qty, base.decimals, { allowExcessZeros: true });
      const minNotional = parseDecimal(row.min_notional, quote.decimals, { allowExcessZeros: true });
      if (!market.ok || !minQty.ok || !minNotional.ok) {
        throw new Error(`market ${row.symbol} has an invalid configuration`);
      }
      markets.set(row.symbol, {
        symbol: row.symbol,
        base,
        quote,
        status: row.status,
        market: market.value,
        minQtyUnits: minQty.value,
        minNotionalUnits: minNotional.value,
      });
    }
    const snapshot = { at: Date.now(), assets, markets };
    if (generation === this.generation) this.cache = snapshot;
    return snapshot;
  }
}

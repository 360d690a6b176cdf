import { Injectable } from '@nestjs/common';

import { ExchangeInfoService } from '../market/exchange-info.service';

/** A symbol as the streams need it: Binance's `BTCUSDT` and the market id of the `md.<market>.*` subjects. */
export interface StreamSymbol {
  symbol: string;
  market: string;
}

/** How long a list of symbols is trusted before exchangeInfo is asked again (markets are rarely added). */
const REFRESH_MS = 10_000;

/** Lower-case stream symbol ids (`btcusdt`) to markets, from the gateway's own exchangeInfo. */
@Injectable()
export class StreamSymbolsService {
  private symbols = new Map<string, StreamSymbol>();
  private loadedAt = -Infinity;
  private loading?: Promise<void>;

  constructor(private readonly exchangeInfo: ExchangeInfoService) {}

  async resolve(symbolId: string): Promise<StreamSymbol | undefined> {
    if (Date.now() - this.loadedAt > REFRESH_MS) await this.load();
    return this.symbols.get(symbolId);
  }

  /** Every market's symbol (`BTCUSDT`), as exchangeInfo lists them. */
  async all(): Promise<string[]> {
    if (Date.now() - this.loadedAt > REFRESH_MS) await this.load();
    return [...this.symbols.values()].map((s) => s.symbol);
  }

  private load(): Promise<void> {
    this.loading ??= this.exchangeInfo
      .exchangeInfo()
      .then(({ symbols }) => {
        // The wallet's market ids are `<base>-<quote>` (walletMarketSchema), and so are market-data's subjects.
        this.symbols = new Map(
          symbols.map((s) => [
            s.symbol.toLowerCase(),
            { symbol: s.symbol, market: `${s.baseAsset}-${s.quoteAsset}` },
          ]),
        );
        this.loadedAt = Date.now();
      })
      .finally(() => {
        this.loading = undefined;
      });
    return this.loading;
  }
}

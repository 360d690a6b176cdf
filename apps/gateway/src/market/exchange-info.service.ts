import { Injectable } from '@nestjs/common';

import { InjectConfig } from '@exchange/shared-util-config';
import {
  marketsReplySchema,
  orderTypeSchema,
  stpModeSchema,
  WALLET_SUBJECTS,
  type WalletMarket,
} from '@exchange/shared-contracts';
import { formatDecimal, parseDecimal } from '@exchange/shared-domain-money';

import { BinanceApiError, BinanceErrorCode } from '../binance/binance-error-code';
import { type GatewayConfig } from '../config/gateway.config';
import { ClockRepository } from '../general/clock.repository';
import { rateLimitsOf } from '../rate-limit/binance-rate-limits';
import { ServiceClientRepository } from '../services/service-client.repository';

/** Binance's symbol status for ours: only TRADING takes orders; ccxt marks the others inactive. */
const STATUS = { TRADING: 'TRADING', HALTED: 'HALT', CANCEL_ONLY: 'BREAK' } as const;

/**
 * The engine refuses price × quantity above 2^53 − 1 ticks × lots, so the advertised maxima keep the product
 * of the two below it: 10^8 ticks and 10^7 lots.
 */
const MAX_TICKS = 100_000_000n;
const MAX_LOTS = 10_000_000n;

function times(size: string, factor: bigint, decimals: number): string {
  const units = parseDecimal(size, decimals, { allowExcessZeros: true });
  if (!units.ok) throw new Error(`bad grid size ${size}`);
  return formatDecimal(units.value * factor, decimals, { trailingZeros: 'pad' });
}

function pad(size: string, decimals: number): string {
  return times(size, 1n, decimals);
}

/** `GET /api/v3/exchangeInfo` from the wallet's market reference data. */
@Injectable()
export class ExchangeInfoService {
  constructor(
    private readonly services: ServiceClientRepository,
    private readonly clock: ClockRepository,
    @InjectConfig() private readonly config: GatewayConfig,
  ) {}

  async exchangeInfo(symbols?: string[]) {
    const { markets } = await this.services.request(WALLET_SUBJECTS.query.markets, {}, marketsReplySchema);
    const wanted = symbols ? new Set(symbols) : undefined;
    const listed = markets.map(toSymbol).filter((s) => !wanted || wanted.has(s.symbol));
    if (wanted && listed.length < wanted.size)
      throw new BinanceApiError(BinanceErrorCode.BAD_SYMBOL, 'Invalid symbol.');
    return {
      timezone: 'UTC',
      serverTime: this.clock.nowMs(),
      rateLimits: rateLimitsOf(this.config),
      exchangeFilters: [],
      symbols: listed,
    };
  }
}

function toSymbol(m: WalletMarket) {
  return {
    symbol: `${m.base}${m.quote}`,
    status: STATUS[m.status],
    baseAsset: m.base,
    baseAssetPrecision: m.baseDecimals,
    quoteAsset: m.quote,
    quotePrecision: m.quoteDecimals,
    quoteAssetPrecision: m.quoteDecimals,
    // Fees are charged and reported in the asset's own decimals.
    baseCommissionPrecision: m.baseDecimals,
    quoteCommissionPrecision: m.quoteDecimals,
    orderTypes: orderTypeSchema.options,
    // What the venue takes: cancelReplace and amend/keepPriority, market orders by quote; no order lists, icebergs,
    // trailing or pegged orders. Typed clients read every flag (some fail without them).
    icebergAllowed: false,
    ocoAllowed: false,
    otoAllowed: false,
    quoteOrderQtyMarketAllowed: true,
    allowTrailingStop: false,
    cancelReplaceAllowed: true,
    amendAllowed: true,
    pegInstructionsAllowed: false,
    isSpotTradingAllowed: true,
    isMarginTradingAllowed: false,
    permissions: ['SPOT'],
    permissionSets: [['SPOT']],
    defaultSelfTradePreventionMode: 'NONE',
    allowedSelfTradePreventionModes: stpModeSchema.options,
    filters: [
      {
        filterType: 'PRICE_FILTER',
        minPrice: pad(m.tickSize, m.quoteDecimals),
        maxPrice: times(m.tickSize, MAX_TICKS, m.quoteDecimals),
        tickSize: pad(m.tickSize, m.quoteDecimals),
      },
      {
        filterType: 'LOT_SIZE',
        minQty: pad(m.minQty, m.baseDecimals),
        maxQty: times(m.stepSize, MAX_LOTS, m.baseDecimals),
        stepSize: pad(m.stepSize, m.baseDecimals),
      },
      {
        filterType: 'NOTIONAL',
        minNotional: pad(m.minNotional, m.quoteDecimals),
        applyMinToMarket: true,
        maxNotional: times(m.tickSize, MAX_TICKS * MAX_LOTS, m.quoteDecimals),
        applyMaxToMarket: false,
        avgPriceMins: 5,
      },
    ],
  };
}

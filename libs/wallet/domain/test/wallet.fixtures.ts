import { type Result } from '@exchange/shared-domain-money';

import { createMarket, type Market } from '../src/market.model';
import { type NewOrder, type OpenOrder, openOrder } from '../src/order-hold.policy';

/** Unwraps a result in a test, failing loudly with its code and message. */
export function unwrap<T, C>(result: Result<T, C>): T {
  if (!result.ok) throw new Error(`expected ok, got ${String(result.code)}: ${result.message}`);
  return result.value;
}

/** BTC 8 decimals, USDT 6; tick 0.01, step 0.001 -> one tick-lot is 10 USDT minor units. Maker 0.08 %, taker 0.1 %. */
export const btcUsdt: Market = unwrap(
  createMarket({
    symbol: 'BTC-USDT',
    base: { code: 'BTC', decimals: 8 },
    quote: { code: 'USDT', decimals: 6 },
    tickSize: '0.01',
    stepSize: '0.001',
    makerFeePpm: 800,
    takerFeePpm: 1000,
  }),
);

/** ETH 18 decimals, BTC 8; tick 0.000001, step 0.01 -> one tick-lot is 1 BTC minor unit. Maker free, taker 0.25 %. */
export const ethBtc: Market = unwrap(
  createMarket({
    symbol: 'ETH-BTC',
    base: { code: 'ETH', decimals: 18 },
    quote: { code: 'BTC', decimals: 8 },
    tickSize: '0.000001',
    stepSize: '0.01',
    makerFeePpm: 0,
    takerFeePpm: 2500,
  }),
);

export function order(orderId: string, userId: string, market: Market, spec: NewOrder['spec']): OpenOrder {
  return unwrap(openOrder({ orderId, userId, market, spec }));
}

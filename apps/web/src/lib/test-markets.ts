import { type MarketRules } from './market-rules';

/** BTCUSDT with the filters the gateway's exchangeInfo gives the seeded market. */
export const BTCUSDT: MarketRules = {
  symbol: 'BTCUSDT',
  status: 'TRADING',
  baseAsset: 'BTC',
  quoteAsset: 'USDT',
  baseDecimals: 8,
  quoteDecimals: 6,
  tickSize: '0.010000',
  minPrice: '0.010000',
  maxPrice: '1000000.000000',
  stepSize: '0.00010000',
  minQty: '0.00010000',
  maxQty: '1000.00000000',
  minNotional: '5.000000',
  orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT_LIMIT'],
};

/** An exchangeInfo reply as the gateway gives it, for the unit specs. */
export function symbolInfo(...args: [string, string, string, string, string, string, string]) {
  const [name, base, quote, tick, step, minQty, minNotional] = args;
  return {
    symbol: name,
    status: 'TRADING',
    baseAsset: base,
    quoteAsset: quote,
    orderTypes: ['LIMIT', 'MARKET'],
    filters: [
      { filterType: 'PRICE_FILTER', tickSize: tick, minPrice: tick, maxPrice: '1000000.00000000' },
      { filterType: 'LOT_SIZE', stepSize: step, minQty, maxQty: '9000.00000000' },
      { filterType: 'NOTIONAL', minNotional, maxNotional: '9000000.00000000' },
    ],
  };
}

export const EXCHANGE_INFO = {
  symbols: [
    symbolInfo('BTCUSDT', 'BTC', 'USDT', '0.01000000', '0.00010000', '0.00010000', '5.00000000'),
    symbolInfo('ETHBTC', 'ETH', 'BTC', '0.00000100', '0.01000000', '0.01000000', '0.00010000'),
    { ...symbolInfo('HALTED', 'X', 'USDT', '1', '1', '1', '1'), status: 'HALT' },
  ],
};

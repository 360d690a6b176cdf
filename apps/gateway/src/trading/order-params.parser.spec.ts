import { createMarketScale } from '@exchange/shared-domain-money';

import { RequestParams } from '../auth/request-params';
import { BinanceApiError, BinanceErrorCode } from '../binance/binance-error-code';
import { type TradingMarket } from './market-catalog.repository';
import { parseNewOrder } from './order-params.parser';

const scale = createMarketScale({
  base: { code: 'BTC', decimals: 8 },
  quote: { code: 'USDT', decimals: 6 },
  tickSize: '0.01',
  stepSize: '0.0001',
});
if (!scale.ok) throw new Error('bad test grid');
const market: TradingMarket = {
  binanceSymbol: 'BTCUSDT',
  scale: scale.value,
  market: {
    symbol: 'BTC-USDT',
    base: 'BTC',
    baseDecimals: 8,
    quote: 'USDT',
    quoteDecimals: 6,
    tickSize: '0.01',
    stepSize: '0.0001',
    minQty: '0.0001',
    minNotional: '5',
    makerFeePpm: 800,
    takerFeePpm: 1000,
    status: 'TRADING',
  },
};

const paramsOf = (values: Record<string, string>) =>
  RequestParams.of({
    method: 'GET',
    originalUrl: `/api/v3/order?${new URLSearchParams(values).toString()}`,
    headers: {},
    socket: {},
  });

function failure(values: Record<string, string>): { code: BinanceErrorCode; msg: string } {
  try {
    parseNewOrder(paramsOf(values), market);
  } catch (error) {
    if (error instanceof BinanceApiError) return { code: error.code, msg: error.message };
    throw error;
  }
  throw new Error('expected a rejection');
}

describe(parseNewOrder.name, () => {
  const limit = { side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.001', price: '30000.01' };

  it('passes a valid limit order on to the wallet, FULL by default', () => {
    expect(parseNewOrder(paramsOf({ ...limit, newClientOrderId: 'x-1' }), market)).toEqual({
      order: {
        symbol: 'BTC-USDT',
        side: 'BUY',
        type: 'LIMIT',
        timeInForce: 'GTC',
        price: '30000.01',
        quantity: '0.001',
        clientOrderId: 'x-1',
      },
      responseType: 'FULL',
    });
  });

  it('answers ACK by default for LIMIT_MAKER and takes market buys by quote amount', () => {
    const maker = parseNewOrder(paramsOf({ ...limit, type: 'LIMIT_MAKER', timeInForce: '' }), market);
    expect(maker.responseType).toBe('ACK');
    expect(
      parseNewOrder(paramsOf({ side: 'BUY', type: 'MARKET', quoteOrderQty: '100' }), market).order,
    ).toMatchObject({ type: 'MARKET', quoteOrderQty: '100' });
  });

  it.each([
    [{ ...limit, price: '30000.015' }, BinanceErrorCode.INVALID_MESSAGE, 'Filter failure: PRICE_FILTER'],
    [{ ...limit, price: '1000000000' }, BinanceErrorCode.INVALID_MESSAGE, 'Filter failure: PRICE_FILTER'],
    [{ ...limit, quantity: '0.00015' }, BinanceErrorCode.INVALID_MESSAGE, 'Filter failure: LOT_SIZE'],
    [{ ...limit, quantity: '0' }, BinanceErrorCode.INVALID_MESSAGE, 'Filter failure: LOT_SIZE'],
    [
      { ...limit, quantity: '0.0001', price: '100' },
      BinanceErrorCode.INVALID_MESSAGE,
      'Filter failure: NOTIONAL',
    ],
    [
      { side: 'BUY', type: 'MARKET', quoteOrderQty: '1' },
      BinanceErrorCode.INVALID_MESSAGE,
      'Filter failure: NOTIONAL',
    ],
    [{ ...limit, price: '-1' }, BinanceErrorCode.ILLEGAL_CHARS, undefined],
    [{ ...limit, timeInForce: '' }, BinanceErrorCode.MANDATORY_PARAM_EMPTY_OR_MALFORMED, undefined],
    [{ ...limit, timeInForce: 'GTD' }, BinanceErrorCode.INVALID_TIF, undefined],
    [{ ...limit, side: '' }, BinanceErrorCode.MANDATORY_PARAM_EMPTY_OR_MALFORMED, undefined],
    [{ ...limit, type: 'LIMIT_MAKER' }, BinanceErrorCode.PARAM_NOT_REQUIRED, undefined],
    [
      { side: 'SELL', type: 'MARKET', quantity: '0.01', price: '1' },
      BinanceErrorCode.PARAM_NOT_REQUIRED,
      undefined,
    ],
    [{ side: 'BUY', type: 'MARKET', quantity: '0.01' }, BinanceErrorCode.INVALID_MESSAGE, undefined],
    [{ ...limit, newClientOrderId: 'has space' }, BinanceErrorCode.ILLEGAL_CHARS, undefined],
    [{ ...limit, newOrderRespType: 'ALL' }, BinanceErrorCode.INVALID_PARAMETER, undefined],
  ])('refuses %j with %i', (values, code, msg) => {
    const rejection = failure(values);
    expect(rejection.code).toBe(code);
    if (msg) expect(rejection.msg).toBe(msg);
  });
});

describe(RequestParams.name, () => {
  it('refuses a parameter sent twice and unknown parameters', () => {
    expect(() => paramsOf({}).allowOnly([])).not.toThrow();
    expect(() =>
      RequestParams.of({ method: 'GET', originalUrl: '/x?a=1&a=2', headers: {}, socket: {} }),
    ).toThrow(BinanceApiError);
    expect(() => paramsOf({ symbol: 'BTCUSDT', extra: '1' }).allowOnly(['symbol'])).toThrow(
      /unknown parameter was sent: 'extra'/,
    );
  });
});

import { createMarketScale } from '@exchange/shared-domain-money';

import { RequestParams } from '../auth/request-params';
import { BinanceApiError, BinanceErrorCode } from '../binance/binance-error-code';
import { type TradingMarket } from './market-catalog.repository';
import { booleanParam, orderRefParams, parseCancelReplace, parseNewOrder } from './order-params.parser';

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

  it('passes stop-limit and take-profit-limit orders with their stop price on, ACK by default', () => {
    const stop = { ...limit, type: 'STOP_LOSS_LIMIT', stopPrice: '30500' };
    expect(parseNewOrder(paramsOf(stop), market)).toEqual({
      order: {
        symbol: 'BTC-USDT',
        side: 'BUY',
        type: 'STOP_LOSS_LIMIT',
        timeInForce: 'GTC',
        price: '30000.01',
        stopPrice: '30500',
        quantity: '0.001',
      },
      responseType: 'ACK',
    });
    expect(
      parseNewOrder(
        paramsOf({ ...stop, side: 'SELL', type: 'TAKE_PROFIT_LIMIT', newOrderRespType: 'FULL' }),
        market,
      ),
    ).toMatchObject({ order: { type: 'TAKE_PROFIT_LIMIT', stopPrice: '30500' }, responseType: 'FULL' });
    expect(
      parseNewOrder(
        paramsOf({ side: 'SELL', type: 'STOP_LOSS', quantity: '0.001', stopPrice: '29000' }),
        market,
      ).order,
    ).toEqual({ symbol: 'BTC-USDT', side: 'SELL', type: 'STOP_LOSS', quantity: '0.001', stopPrice: '29000' });
  });

  const stopLimit = { ...limit, type: 'STOP_LOSS_LIMIT', stopPrice: '30500' };
  it.each([
    [
      { ...stopLimit, stopPrice: '30500.001' },
      BinanceErrorCode.INVALID_MESSAGE,
      'Filter failure: PRICE_FILTER',
    ],
    [{ ...stopLimit, stopPrice: '0' }, BinanceErrorCode.INVALID_MESSAGE, 'Filter failure: PRICE_FILTER'],
    [
      { ...stopLimit, stopPrice: '1000000000' },
      BinanceErrorCode.INVALID_MESSAGE,
      'Filter failure: PRICE_FILTER',
    ],
    [{ ...stopLimit, stopPrice: '' }, BinanceErrorCode.MANDATORY_PARAM_EMPTY_OR_MALFORMED, undefined],
    [
      { ...limit, type: 'TAKE_PROFIT_LIMIT' },
      BinanceErrorCode.MANDATORY_PARAM_EMPTY_OR_MALFORMED,
      "Mandatory parameter 'stopPrice' was not sent, was empty/null, or malformed.",
    ],
    [{ ...stopLimit, timeInForce: '' }, BinanceErrorCode.MANDATORY_PARAM_EMPTY_OR_MALFORMED, undefined],
    [{ ...stopLimit, price: '' }, BinanceErrorCode.MANDATORY_PARAM_EMPTY_OR_MALFORMED, undefined],
    [{ ...limit, stopPrice: '30500' }, BinanceErrorCode.PARAM_NOT_REQUIRED, undefined],
    [{ ...stopLimit, stopPrice: '30,5' }, BinanceErrorCode.ILLEGAL_CHARS, undefined],
    [
      { side: 'SELL', type: 'STOP_LOSS', quantity: '0.001', stopPrice: '29000', price: '1' },
      BinanceErrorCode.PARAM_NOT_REQUIRED,
      undefined,
    ],
    [
      { side: 'BUY', type: 'TAKE_PROFIT', quantity: '0.001', stopPrice: '29000' },
      BinanceErrorCode.INVALID_MESSAGE,
      'TAKE_PROFIT BUY orders are not supported on this venue; use TAKE_PROFIT_LIMIT.',
    ],
  ])('refuses the stop order %j with %i', (values, code, msg) => {
    const rejection = failure(values);
    expect(rejection.code).toBe(code);
    if (msg) expect(rejection.msg).toBe(msg);
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

  it('takes a JSON true or false only where a flag is read', () => {
    const json = (body: Record<string, unknown>) =>
      RequestParams.of({
        method: 'PUT',
        originalUrl: '/api/v1/order/amend',
        headers: { 'content-type': 'application/json' },
        socket: {},
        body,
      });
    const params = json({ orderId: 1, newQty: '0.5', origClientOrderId: false, omitZeroBalances: true });
    expect([params.get('orderId'), params.get('newQty')]).toEqual(['1', '0.5']);
    expect(() => params.get('origClientOrderId')).toThrow(/'origClientOrderId' must be a string or a number/);
    expect(() => orderRefParams(params)).toThrow(BinanceApiError);
    expect(booleanParam(params, 'omitZeroBalances')).toBe(true);
    expect(() => json({ orderId: { $gt: 0 } })).toThrow(/'orderId' must be a string or a number/);
    // A JSON number only as a whole number within 2^53: a double is not the decimal sent.
    expect(json({ orderId: 12, limit: -3 }).get('orderId')).toBe('12');
    for (const value of [0.5, 1.5824565679015253e-19, 2 ** 64, 1e21]) {
      expect(() => json({ newQty: value })).toThrow(/'newQty' must be a string or a whole number/);
    }
  });
});

describe(parseCancelReplace.name, () => {
  it('reads the mode and the order to cancel by its cancel-prefixed names', () => {
    expect(parseCancelReplace(paramsOf({ cancelReplaceMode: 'ALLOW_FAILURE', cancelOrderId: '12' }))).toEqual(
      {
        mode: 'ALLOW_FAILURE',
        cancelRef: { orderNo: '12' },
      },
    );
    expect(
      parseCancelReplace(paramsOf({ cancelReplaceMode: 'STOP_ON_FAILURE', cancelOrigClientOrderId: 'c-1' })),
    ).toEqual({ mode: 'STOP_ON_FAILURE', cancelRef: { clientOrderId: 'c-1' } });
    expect(
      parseCancelReplace(
        paramsOf({
          cancelReplaceMode: 'STOP_ON_FAILURE',
          cancelOrderId: '12',
          cancelNewClientOrderId: 'cx.1',
        }),
      ),
    ).toEqual({ mode: 'STOP_ON_FAILURE', cancelRef: { orderNo: '12' }, cancelClientId: 'cx.1' });
  });

  it.each(['DO_NOTHING', 'CANCEL_ONLY'])('reads orderRateLimitExceededMode %s', (rateLimitMode) => {
    expect(
      parseCancelReplace(
        paramsOf({
          cancelReplaceMode: 'ALLOW_FAILURE',
          cancelOrderId: '12',
          orderRateLimitExceededMode: rateLimitMode,
        }),
      ),
    ).toEqual({ mode: 'ALLOW_FAILURE', cancelRef: { orderNo: '12' }, rateLimitMode });
  });

  it('refuses a missing or unknown mode and a missing or malformed reference, by their names', () => {
    const codeOf = (values: Record<string, string>) => {
      try {
        parseCancelReplace(paramsOf(values));
      } catch (error) {
        return [(error as BinanceApiError).code, (error as BinanceApiError).message];
      }
      throw new Error('taken');
    };
    expect(codeOf({ cancelOrderId: '1' })[0]).toBe(BinanceErrorCode.MANDATORY_PARAM_EMPTY_OR_MALFORMED);
    expect(codeOf({ cancelReplaceMode: 'stop_on_failure', cancelOrderId: '1' })[0]).toBe(
      BinanceErrorCode.INVALID_PARAMETER,
    );
    expect(codeOf({ cancelReplaceMode: 'ALLOW_FAILURE', orderId: '1' })).toEqual([
      BinanceErrorCode.MANDATORY_PARAM_EMPTY_OR_MALFORMED,
      "Param 'cancelOrigClientOrderId' or 'cancelOrderId' must be sent, but both were empty/null!",
    ]);
    expect(codeOf({ cancelReplaceMode: 'ALLOW_FAILURE', cancelOrderId: '-1' })[1]).toMatch(/'cancelOrderId'/);
    expect(
      codeOf({ cancelReplaceMode: 'ALLOW_FAILURE', cancelOrderId: '1', cancelNewClientOrderId: 'a b' }),
    ).toEqual([
      BinanceErrorCode.ILLEGAL_CHARS,
      "Illegal characters found in parameter 'cancelNewClientOrderId'; legal range is '^[A-Za-z0-9._:-]{1,36}$'.",
    ]);
    expect(
      codeOf({
        cancelReplaceMode: 'ALLOW_FAILURE',
        cancelOrderId: '1',
        orderRateLimitExceededMode: 'cancel_only',
      }),
    ).toEqual([
      BinanceErrorCode.INVALID_PARAMETER,
      "Invalid value for parameter 'orderRateLimitExceededMode'.",
    ]);
  });
});

describe(booleanParam.name, () => {
  it('takes true and false in any case, absent is undefined', () => {
    expect(booleanParam(paramsOf({ omitZeroBalances: 'true' }), 'omitZeroBalances')).toBe(true);
    expect(booleanParam(paramsOf({ omitZeroBalances: 'FALSE' }), 'omitZeroBalances')).toBe(false);
    expect(booleanParam(paramsOf({ omitZeroBalances: 'True' }), 'omitZeroBalances')).toBe(true);
    expect(booleanParam(paramsOf({}), 'omitZeroBalances')).toBeUndefined();
  });

  it.each(['TRUEX', '1', '0', 'yes', ' true', 'truee'])('refuses %j with -1100', (value) => {
    let refusal: unknown;
    try {
      booleanParam(paramsOf({ includeSource: value }), 'includeSource');
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(BinanceApiError);
    expect((refusal as BinanceApiError).code).toBe(BinanceErrorCode.ILLEGAL_CHARS);
    expect((refusal as BinanceApiError).message).toMatch(/'includeSource'/);
  });
});

describe(orderRefParams.name, () => {
  it('names the order by orderId when both are sent, else by origClientOrderId', () => {
    expect(orderRefParams(paramsOf({ orderId: '7', origClientOrderId: 'my-order' }))).toEqual({
      orderNo: '7',
    });
    expect(orderRefParams(paramsOf({ origClientOrderId: 'my-order' }))).toEqual({
      clientOrderId: 'my-order',
    });
    expect(() => orderRefParams(paramsOf({}))).toThrow(/'origClientOrderId' or 'orderId' must be sent/);
  });

  it.each([
    { orderId: '7', origClientOrderId: 'x'.repeat(37) },
    { orderId: '7', origClientOrderId: '٣' },
    { orderId: '7', origClientOrderId: 'a b' },
    { orderId: 'x7', origClientOrderId: 'my-order' },
  ])('refuses %j: a malformed one is not ignored beside a good one', (values) => {
    let refusal: unknown;
    try {
      orderRefParams(paramsOf(values));
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(BinanceApiError);
    expect((refusal as BinanceApiError).code).toBe(BinanceErrorCode.MANDATORY_PARAM_EMPTY_OR_MALFORMED);
  });
});

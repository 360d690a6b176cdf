import { describe, expect, it } from 'vitest';

import { checkOrder, type OrderDraft, orderParams } from './order-validation';
import { BTCUSDT } from './test-markets';

const limitBuy: OrderDraft = {
  side: 'BUY',
  kind: 'LIMIT',
  price: '30000.01',
  stopPrice: '',
  quantity: '0.0003',
  quoteAmount: '',
  marketBy: 'base',
};
const funded = { available: { USDT: '100', BTC: '1' }, takerRate: '0.001' };

describe(checkOrder.name, () => {
  it('prices a valid limit buy exactly: notional, fee rounded up, spend = notional + fee', () => {
    const sut = checkOrder(limitBuy, BTCUSDT, funded);
    expect(sut).toEqual({
      errors: {},
      ok: true,
      notional: '9.000003',
      fee: '0.009001',
      spend: { amount: '9.009004', asset: 'USDT' },
    });
  });

  it('refuses a price off the tick', () => {
    const sut = checkOrder({ ...limitBuy, price: '30000.015' }, BTCUSDT, funded);
    expect(sut.ok).toBe(false);
    expect(sut.errors.price).toBe('The price must be a multiple of the tick size 0.01.');
  });

  it('refuses a quantity off the step and below the minimum', () => {
    expect(checkOrder({ ...limitBuy, quantity: '0.00015' }, BTCUSDT, funded).errors.quantity).toBe(
      'The amount must be a multiple of the step size 0.0001.',
    );
    expect(checkOrder({ ...limitBuy, quantity: '0' }, BTCUSDT, funded).errors.quantity).toBe(
      'The amount must be a positive number.',
    );
  });

  it('refuses a total below the minimum notional', () => {
    const sut = checkOrder({ ...limitBuy, price: '100', quantity: '0.0001' }, BTCUSDT, funded);
    expect(sut.errors.quantity).toBe('The order total must be at least 5.000000 USDT.');
  });

  it('refuses non-numbers, signs and exponents', () => {
    for (const price of ['abc', '-1', '3e4', '1,000']) {
      expect(checkOrder({ ...limitBuy, price }, BTCUSDT, funded).errors.price).toBe(
        'The price must be a positive number.',
      );
    }
  });

  it('refuses an order the free balance cannot cover, for buys in quote and sells in base', () => {
    const buy = checkOrder(limitBuy, BTCUSDT, { ...funded, available: { USDT: '9.009003' } });
    expect(buy.errors.balance).toBe('Not enough USDT: the order needs 9.009004, 9.009003 is available.');
    const sell = checkOrder({ ...limitBuy, side: 'SELL' }, BTCUSDT, {
      ...funded,
      available: { BTC: '0.0002' },
    });
    expect(sell.errors.balance).toBe('Not enough BTC: the order needs 0.00030000, 0.00020000 is available.');
    expect(sell.spend).toEqual({ amount: '0.00030000', asset: 'BTC' });
  });

  it('estimates a market buy by base quantity from the best ask', () => {
    const draft: OrderDraft = { ...limitBuy, kind: 'MARKET', price: '' };
    expect(checkOrder(draft, BTCUSDT, funded).notional).toBeUndefined();
    const sut = checkOrder(draft, BTCUSDT, { ...funded, referencePrices: { BUY: '30001.00' } });
    expect(sut).toMatchObject({ ok: true, notional: '9.000300', fee: '0.009001' });
  });

  it('checks a market buy by quote amount against the quote precision and min notional', () => {
    const draft: OrderDraft = { ...limitBuy, kind: 'MARKET', marketBy: 'quote', quoteAmount: '10.0000001' };
    expect(checkOrder(draft, BTCUSDT, funded).errors.quoteAmount).toBe(
      'The total can have at most 6 decimals.',
    );
    expect(checkOrder({ ...draft, quoteAmount: '4' }, BTCUSDT, funded).errors.quoteAmount).toBe(
      'The order total must be at least 5.000000 USDT.',
    );
    expect(checkOrder({ ...draft, quoteAmount: '10' }, BTCUSDT, funded)).toMatchObject({
      ok: true,
      spend: { amount: '10.010000', asset: 'USDT' },
    });
  });

  it('needs a valid stop price for a stop-limit', () => {
    const sut = checkOrder({ ...limitBuy, kind: 'STOP_LOSS_LIMIT' }, BTCUSDT, funded);
    expect(sut.errors.stopPrice).toBe('Enter a stop price.');
    expect(
      checkOrder({ ...limitBuy, kind: 'TAKE_PROFIT_LIMIT', stopPrice: '29000.005' }, BTCUSDT, funded).errors
        .stopPrice,
    ).toBe('The stop price must be a multiple of the tick size 0.01.');
  });

  it('holds a stop-limit like the limit order it becomes', () => {
    const stop = { ...limitBuy, kind: 'STOP_LOSS_LIMIT' as const, stopPrice: '30500' };
    const { errors, ok, spend, fee } = checkOrder(limitBuy, BTCUSDT, funded);
    expect(checkOrder(stop, BTCUSDT, funded)).toEqual({ errors, ok, spend, fee, notional: '9.000003' });
  });

  it.each([
    ['STOP_LOSS_LIMIT', 'BUY', '30000', 'rises', 'above'],
    ['STOP_LOSS_LIMIT', 'SELL', '30000', 'falls', 'below'],
    ['TAKE_PROFIT_LIMIT', 'BUY', '30000', 'falls', 'below'],
    ['TAKE_PROFIT_LIMIT', 'SELL', '30000', 'rises', 'above'],
  ] as const)(
    'refuses a %s %s whose stop %s already holds against the last price',
    (kind, side, stopPrice, moves, where) => {
      const draft = { ...limitBuy, kind, side, stopPrice };
      expect(checkOrder(draft, BTCUSDT, { ...funded, lastPrice: '30000' }).errors.stopPrice).toBe(
        `This order triggers when the price ${moves} to the stop price: set it ${where} the last price 30000.00.`,
      );
      const beyond = where === 'above' ? '30000.01' : '29999.99';
      expect(
        checkOrder({ ...draft, stopPrice: beyond }, BTCUSDT, { ...funded, lastPrice: '30000' }).errors,
      ).not.toHaveProperty('stopPrice');
    },
  );
});

describe(orderParams.name, () => {
  it('maps each order kind to Binance parameters', () => {
    expect(orderParams(limitBuy, 'BTCUSDT')).toEqual({
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      price: '30000.01',
      quantity: '0.0003',
      newOrderRespType: 'FULL',
    });
    expect(
      orderParams({ ...limitBuy, side: 'SELL', kind: 'TAKE_PROFIT_LIMIT', stopPrice: ' 31000 ' }, 'BTCUSDT'),
    ).toEqual({
      symbol: 'BTCUSDT',
      side: 'SELL',
      type: 'TAKE_PROFIT_LIMIT',
      timeInForce: 'GTC',
      price: '30000.01',
      stopPrice: '31000',
      quantity: '0.0003',
      newOrderRespType: 'FULL',
    });
    expect(orderParams({ ...limitBuy, kind: 'IOC' }, 'BTCUSDT')).toMatchObject({
      type: 'LIMIT',
      timeInForce: 'IOC',
    });
    expect(orderParams({ ...limitBuy, kind: 'LIMIT_MAKER' }, 'BTCUSDT')).not.toHaveProperty('timeInForce');
    expect(
      orderParams({ ...limitBuy, kind: 'MARKET', marketBy: 'quote', quoteAmount: '10' }, 'BTCUSDT'),
    ).toMatchObject({ type: 'MARKET', quoteOrderQty: '10' });
  });
});

import { type SubmitOrderRequest, WALLET_RPC_ERRORS } from '@exchange/shared-contracts';
import { MoneyErrorCode } from '@exchange/shared-domain-money';
import { WalletErrorCode } from '@exchange/wallet-domain';

import { WalletError } from '../errors/wallet.error';
import { BTC_USDT } from '../../test/support/market-record.fixture';
import { planOrder } from './order-request.mapper';

const record = BTC_USDT;
const limit: SubmitOrderRequest = {
  userId: 'u',
  clientOrderId: 'c',
  symbol: 'BTC-USDT',
  side: 'BUY',
  type: 'LIMIT',
  price: '30000.01',
  quantity: '0.5',
};

function codeOf(request: SubmitOrderRequest): number | undefined {
  try {
    planOrder(request, record);
    return undefined;
  } catch (error) {
    return (error as WalletError).code;
  }
}

describe(planOrder.name, () => {
  it('turns a limit order into ticks and lots, GTC by default', () => {
    const sut = planOrder(limit, record);
    expect(sut.spec).toEqual({ side: 'BUY', type: 'LIMIT', limitTicks: 3_000_001, lots: 5_000 });
    expect(sut.engine).toEqual({
      side: 'BUY',
      orderType: 'LIMIT',
      timeInForce: 'GTC',
      price: 3_000_001,
      quantity: 5_000,
    });
  });

  it('sizes a market buy by quote in tick-lots for the engine and quote units for the hold', () => {
    const sut = planOrder(
      { ...limit, type: 'MARKET', price: undefined, quantity: undefined, quoteOrderQty: '100.5' },
      record,
    );
    expect(sut.spec).toEqual({ side: 'BUY', type: 'MARKET', quoteUnits: 100_500_000n });
    expect(sut.engine).toEqual({ side: 'BUY', orderType: 'MARKET', quoteQuantity: 100_500_000 });
  });

  it('sizes a market sell by lots', () => {
    const sut = planOrder({ ...limit, side: 'SELL', type: 'MARKET', price: undefined }, record);
    expect(sut.spec).toEqual({ side: 'SELL', type: 'MARKET', lots: 5_000 });
  });

  it('holds a stop-limit buy like the limit order it becomes and gives the engine its stop price in ticks', () => {
    const sut = planOrder({ ...limit, type: 'STOP_LOSS_LIMIT', stopPrice: '29999.50' }, record);
    expect(sut.spec).toEqual(planOrder(limit, record).spec);
    expect(sut.engine).toEqual({
      side: 'BUY',
      orderType: 'STOP_LOSS_LIMIT',
      timeInForce: 'GTC',
      price: 3_000_001,
      stopPrice: 2_999_950,
      quantity: 5_000,
    });
  });

  it('holds a take-profit-limit sell like a limit sell (base lots)', () => {
    const sut = planOrder(
      { ...limit, side: 'SELL', type: 'TAKE_PROFIT_LIMIT', timeInForce: 'IOC', stopPrice: '31000' },
      record,
    );
    expect(sut.spec).toEqual({ side: 'SELL', type: 'LIMIT', limitTicks: 3_000_001, lots: 5_000 });
    expect(sut.engine).toMatchObject({
      orderType: 'TAKE_PROFIT_LIMIT',
      timeInForce: 'IOC',
      stopPrice: 3_100_000,
    });
  });

  it('holds a stop-market sell like a market sell (base lots)', () => {
    const sut = planOrder(
      { ...limit, side: 'SELL', type: 'STOP_LOSS', price: undefined, stopPrice: '29000' },
      record,
    );
    expect(sut.spec).toEqual({ side: 'SELL', type: 'MARKET', lots: 5_000 });
    expect(sut.engine).toEqual({
      side: 'SELL',
      orderType: 'STOP_LOSS',
      stopPrice: 2_900_000,
      quantity: 5_000,
    });
  });

  it.each<[string, Partial<SubmitOrderRequest>, number]>([
    ['a stop-limit without a stop price', { type: 'STOP_LOSS_LIMIT' }, WALLET_RPC_ERRORS.VALIDATION_FAILED],
    [
      'an off-tick stop price',
      { type: 'TAKE_PROFIT_LIMIT', stopPrice: '30000.001' },
      MoneyErrorCode.PRICE_NOT_ON_TICK,
    ],
    ['a stop price on a limit', { stopPrice: '30000' }, WALLET_RPC_ERRORS.VALIDATION_FAILED],
    [
      'a stop-market buy (no bounded cost)',
      { type: 'TAKE_PROFIT', price: undefined, stopPrice: '29000' },
      WalletErrorCode.UNSUPPORTED_ORDER,
    ],
    [
      'a price on a stop-market',
      { side: 'SELL', type: 'STOP_LOSS', stopPrice: '29000' },
      WALLET_RPC_ERRORS.VALIDATION_FAILED,
    ],
    ['off-tick price', { price: '1.001' }, MoneyErrorCode.PRICE_NOT_ON_TICK],
    ['off-step quantity', { quantity: '0.00001' }, MoneyErrorCode.QUANTITY_NOT_ON_STEP],
    ['zero price', { price: '0' }, MoneyErrorCode.NOT_POSITIVE],
    ['below minNotional', { price: '1.00', quantity: '1' }, WALLET_RPC_ERRORS.BELOW_MIN_NOTIONAL],
    ['missing quantity', { quantity: undefined }, WALLET_RPC_ERRORS.VALIDATION_FAILED],
    ['quoteOrderQty on a limit', { quoteOrderQty: '10' }, WALLET_RPC_ERRORS.VALIDATION_FAILED],
    [
      'time in force on a maker-only',
      { type: 'LIMIT_MAKER', timeInForce: 'GTC' },
      WALLET_RPC_ERRORS.VALIDATION_FAILED,
    ],
    ['a market buy by base', { type: 'MARKET', price: undefined }, WalletErrorCode.UNSUPPORTED_ORDER],
    [
      'a market buy below minNotional',
      { type: 'MARKET', price: undefined, quantity: undefined, quoteOrderQty: '1' },
      WALLET_RPC_ERRORS.BELOW_MIN_NOTIONAL,
    ],
    [
      'an over-precise quote amount',
      { type: 'MARKET', price: undefined, quantity: undefined, quoteOrderQty: '10.0000001' },
      MoneyErrorCode.TOO_MANY_DECIMALS,
    ],
  ])('refuses %s', (_what, change, code) => {
    expect(codeOf({ ...limit, ...change })).toBe(code);
  });

  it('refuses a quantity below minQty', () => {
    const strict = { ...record, minQtyUnits: 100_000_000n };
    expect(() => planOrder(limit, strict)).toThrow(WalletError);
    try {
      planOrder(limit, strict);
    } catch (error) {
      expect((error as WalletError).code).toBe(WALLET_RPC_ERRORS.BELOW_MIN_QTY);
    }
  });
});

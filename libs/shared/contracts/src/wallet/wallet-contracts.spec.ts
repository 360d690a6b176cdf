import {
  allOrdersRequestSchema,
  myTradesRequestSchema,
  orderQueryRequestSchema,
  userOrderSubject,
} from './order-query.schema';
import { orderAmendmentsRequestSchema } from './amend-order.schema';
import { preventedMatchesRequestSchema } from './prevented-match.schema';
import { walletOrderNoSchema } from './common.schema';
import { marketStatusRequestSchema } from './market-status.schema';
import {
  cancelOrderRequestSchema,
  SUBMIT_ORDERS_MAX,
  submitOrderRequestSchema,
  submitOrdersReplySchema,
  submitOrdersRequestSchema,
} from './order.schema';
import { WALLET_RPC_ERRORS, WALLET_SUBJECTS } from './wallet-subjects';

describe('WALLET_SUBJECTS', () => {
  const all = Object.values(WALLET_SUBJECTS).flatMap((group) => Object.values(group) as string[]);

  it('follow wallet.<cmd|query|evt>.<name>.v<N> and are unique', () => {
    for (const subject of all) expect(subject).toMatch(/^wallet\.(cmd|query|evt)\.[a-z-]+\.v\d+$/);
    expect(new Set(all).size).toBe(all.length);
  });
});

describe('WALLET_RPC_ERRORS', () => {
  it('are unique and stay in 2900–2999, away from the domain codes', () => {
    const codes = Object.values(WALLET_RPC_ERRORS);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code >= 2900 && code <= 2999).toBe(true);
  });
});

describe('marketStatusRequestSchema', () => {
  const halt = { market: 'BTC-USDT', status: 'HALTED', commandId: 'admin-1' };

  it('takes a market, one of the three statuses and a command id, with an optional reason and author', () => {
    expect(marketStatusRequestSchema.parse({ ...halt, reason: 'feed down', requestedBy: 'ops' })).toEqual({
      ...halt,
      reason: 'feed down',
      requestedBy: 'ops',
    });
    for (const bad of [
      { ...halt, status: 'PAUSED' },
      { ...halt, market: 'btc-usdt' },
      { ...halt, commandId: '' },
      { market: 'BTC-USDT', status: 'HALTED' },
      { ...halt, extra: 1 },
    ])
      expect(marketStatusRequestSchema.safeParse(bad).success).toBe(false);
  });
});

describe('submitOrderRequestSchema', () => {
  const order = { userId: 'u1', clientOrderId: 'c-1', symbol: 'BTC-USDT', side: 'BUY', type: 'LIMIT' };

  it('takes decimal strings and refuses numbers and signs', () => {
    expect(submitOrderRequestSchema.safeParse({ ...order, price: '30000.01', quantity: '0.5' }).success).toBe(
      true,
    );
    expect(submitOrderRequestSchema.safeParse({ ...order, price: 30000, quantity: '0.5' }).success).toBe(
      false,
    );
    expect(submitOrderRequestSchema.safeParse({ ...order, price: '-1', quantity: '0.5' }).success).toBe(
      false,
    );
  });
});

describe('submit-orders (a batch)', () => {
  it(`takes 1 to ${SUBMIT_ORDERS_MAX} submissions, leaving each one's check to the wallet`, () => {
    const orders = (n: number) => Array.from({ length: n }, (_, i) => ({ clientOrderId: `c-${i}` }));
    expect(submitOrdersRequestSchema.safeParse({ orders: orders(1) }).success).toBe(true);
    expect(submitOrdersRequestSchema.safeParse({ orders: orders(SUBMIT_ORDERS_MAX) }).success).toBe(true);
    expect(submitOrdersRequestSchema.safeParse({ orders: [] }).success).toBe(false);
    expect(submitOrdersRequestSchema.safeParse({ orders: orders(SUBMIT_ORDERS_MAX + 1) }).success).toBe(
      false,
    );
    expect(submitOrdersRequestSchema.safeParse({}).success).toBe(false);
  });

  it('answers each with a reply or an error, never both, never neither', () => {
    const error = { error: { code: 2101, message: 'insufficient funds' } };
    expect(submitOrdersReplySchema.safeParse({ results: [error] }).success).toBe(true);
    for (const bad of [{}, { ...error, placed: {} }, { error: { code: '2101', message: 'x' } }]) {
      expect(submitOrdersReplySchema.safeParse({ results: [bad] }).success).toBe(false);
    }
  });
});

describe('cancelOrderRequestSchema', () => {
  it('wants exactly one of orderNo, orderId and clientOrderId', () => {
    const base = { userId: 'u1', symbol: 'BTC-USDT' };
    expect(cancelOrderRequestSchema.safeParse({ ...base, orderId: 'o' }).success).toBe(true);
    expect(cancelOrderRequestSchema.safeParse({ ...base, orderNo: '12' }).success).toBe(true);
    expect(cancelOrderRequestSchema.safeParse(base).success).toBe(false);
    expect(cancelOrderRequestSchema.safeParse({ ...base, orderId: 'o', clientOrderId: 'c' }).success).toBe(
      false,
    );
    expect(cancelOrderRequestSchema.safeParse({ ...base, orderNo: '1', clientOrderId: 'c' }).success).toBe(
      false,
    );
  });
});

describe('walletOrderNoSchema', () => {
  it('takes positive decimal integers only', () => {
    for (const ok of ['1', '42', '9223372036854775807'])
      expect(walletOrderNoSchema.safeParse(ok).success).toBe(true);
    for (const bad of ['0', '01', '-1', '1.5', '', '1e3', 7, '9223372036854775808', '9999999999999999999']) {
      expect(walletOrderNoSchema.safeParse(bad).success).toBe(false);
    }
  });
});

describe('order queries', () => {
  const base = { userId: 'u1', symbol: 'BTC-USDT' };

  it('name one order by exactly one of orderNo and clientOrderId', () => {
    expect(orderQueryRequestSchema.safeParse({ ...base, orderNo: '3' }).success).toBe(true);
    expect(orderQueryRequestSchema.safeParse({ ...base, clientOrderId: 'c' }).success).toBe(true);
    expect(orderQueryRequestSchema.safeParse(base).success).toBe(false);
    expect(orderQueryRequestSchema.safeParse({ ...base, orderNo: '3', clientOrderId: 'c' }).success).toBe(
      false,
    );
  });

  it('default the page to 500 and refuse more than 1000 or an inverted window', () => {
    expect(allOrdersRequestSchema.parse(base).limit).toBe(500);
    expect(myTradesRequestSchema.parse({ ...base, limit: 1000 }).limit).toBe(1000);
    expect(allOrdersRequestSchema.safeParse({ ...base, limit: 1001 }).success).toBe(false);
    expect(myTradesRequestSchema.safeParse({ ...base, limit: 0 }).success).toBe(false);
    expect(allOrdersRequestSchema.safeParse({ ...base, startTime: 2, endTime: 1 }).success).toBe(false);
  });

  it('ask for prevented matches by one id, or by one order from an id on', () => {
    expect(preventedMatchesRequestSchema.parse({ ...base, preventedMatchId: 7 }).limit).toBe(500);
    expect(
      preventedMatchesRequestSchema.safeParse({ ...base, orderNo: '3', fromPreventedMatchId: 7 }).success,
    ).toBe(true);
    expect(preventedMatchesRequestSchema.safeParse(base).success).toBe(false);
    expect(
      preventedMatchesRequestSchema.safeParse({ ...base, preventedMatchId: 7, orderNo: '3' }).success,
    ).toBe(false);
    expect(
      preventedMatchesRequestSchema.safeParse({ ...base, preventedMatchId: 7, fromPreventedMatchId: 7 })
        .success,
    ).toBe(false);
    expect(preventedMatchesRequestSchema.safeParse({ ...base, orderNo: '3', limit: 1001 }).success).toBe(
      false,
    );
  });

  it('ask for one order’s applied amends by its number, from an execution id on', () => {
    expect(orderAmendmentsRequestSchema.parse({ ...base, orderNo: '3' }).limit).toBe(500);
    expect(
      orderAmendmentsRequestSchema.safeParse({ ...base, orderNo: '3', fromExecutionId: 9 }).success,
    ).toBe(true);
    expect(orderAmendmentsRequestSchema.safeParse(base).success).toBe(false);
    expect(orderAmendmentsRequestSchema.safeParse({ ...base, orderNo: '3', limit: 1001 }).success).toBe(
      false,
    );
  });

  it('publish order updates on user.<id>.order', () => {
    expect(userOrderSubject('u-1')).toBe('user.u-1.order');
    expect(() => userOrderSubject('a.b')).toThrow();
  });
});

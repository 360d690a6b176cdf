import { cancelOrderRequestSchema, submitOrderRequestSchema } from './order.schema';
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

describe('cancelOrderRequestSchema', () => {
  it('wants exactly one of orderId and clientOrderId', () => {
    const base = { userId: 'u1', symbol: 'BTC-USDT' };
    expect(cancelOrderRequestSchema.safeParse({ ...base, orderId: 'o' }).success).toBe(true);
    expect(cancelOrderRequestSchema.safeParse(base).success).toBe(false);
    expect(cancelOrderRequestSchema.safeParse({ ...base, orderId: 'o', clientOrderId: 'c' }).success).toBe(
      false,
    );
  });
});

import { describe, expect, it } from 'vitest';

import { describeOrderOutcome } from './order-outcome';
import { BTCUSDT } from './test-markets';

const order = (status: string, executedQty: string) => ({
  orderId: 7,
  status,
  origQty: '0.00200000',
  executedQty,
});

describe('describeOrderOutcome', () => {
  it('says placed for a resting order and filled for a filled one', () => {
    expect(describeOrderOutcome(order('NEW', '0.00000000'), BTCUSDT)).toBe('Order 7 placed (NEW).');
    expect(describeOrderOutcome(order('FILLED', '0.00200000'), BTCUSDT)).toBe('Order 7 filled (FILLED).');
  });

  it('gives the filled part of a partly filled order in the market precision', () => {
    expect(describeOrderOutcome(order('PARTIALLY_FILLED', '0.00100000'), BTCUSDT)).toBe(
      'Order 7 placed, 0.0010 of 0.0020 BTC filled (PARTIALLY_FILLED).',
    );
  });

  it('says what an IOC or market order filled before the rest expired, or that it filled nothing', () => {
    expect(describeOrderOutcome(order('EXPIRED', '0.00100000'), BTCUSDT)).toBe(
      'Order 7 filled 0.0010 of 0.0020 BTC, the rest expired (EXPIRED).',
    );
    expect(describeOrderOutcome(order('EXPIRED', '0.00000000'), BTCUSDT)).toBe(
      'Order 7 expired unfilled (EXPIRED).',
    );
  });
});

import { describe, expect, it } from 'vitest';

import { ApiError } from '../api/http';
import { describeEditFailure, editParams, isEditable, remainingQuantity } from './order-edit';

describe('order edits', () => {
  it('edit resting limit orders only', () => {
    expect(['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS_LIMIT'].map((type) => isEditable({ type }))).toEqual(
      [true, true, false, false],
    );
  });

  it('start from what is left to fill, exactly', () => {
    expect(remainingQuantity({ origQty: '0.50000000', executedQty: '0.12340000' })).toBe('0.3766');
    expect(remainingQuantity({ origQty: '1.000000000000000001', executedQty: '0' })).toBe(
      '1.000000000000000001',
    );
  });

  it('keep the time in force of a limit order; a post-only order takes none', () => {
    expect(editParams({ type: 'LIMIT', timeInForce: 'GTC' }, ' 21000 ', '0.05')).toEqual({
      price: '21000',
      quantity: '0.05',
      timeInForce: 'GTC',
    });
    expect(editParams({ type: 'LIMIT_MAKER', timeInForce: 'GTC' }, '21000', '0.05')).toEqual({
      price: '21000',
      quantity: '0.05',
    });
  });

  it('say whether the old order still stands when an edit fails', () => {
    const failed = new ApiError(400, -2022, 'Order cancel-replace failed.', {
      cancelResult: 'FAILURE',
      newOrderResult: 'NOT_ATTEMPTED',
      cancelResponse: { code: -2011, msg: 'Unknown order sent.' },
      newOrderResponse: null,
    });
    expect(describeEditFailure(failed, 7)).toBe('Order 7 was not changed: The order is no longer open.');
    const partly = new ApiError(409, -2021, 'Order cancel-replace partially failed.', {
      cancelResult: 'SUCCESS',
      newOrderResult: 'FAILURE',
      cancelResponse: { orderId: 7, status: 'CANCELED' },
      newOrderResponse: { code: -2010, msg: 'Account has insufficient balance for requested action.' },
    });
    expect(describeEditFailure(partly, 7)).toBe(
      'Order 7 was cancelled, but its replacement was refused: Account has insufficient balance for requested action.',
    );
    expect(describeEditFailure(new ApiError(400, -1013, 'Filter failure: PRICE_FILTER'), 7)).toBe(
      'The order does not meet the market filters.',
    );
  });
});

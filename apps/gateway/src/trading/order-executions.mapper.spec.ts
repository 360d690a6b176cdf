import { type OrderUpdate, type WalletFillView, type WalletOrderView } from '@exchange/shared-contracts';

import { orderFromExecutions } from './order-executions.mapper';

const order = (executedQty: string, status: WalletOrderView['status']): WalletOrderView => ({
  orderNo: '7',
  orderId: 'id-7',
  clientOrderId: 'c-7',
  symbol: 'BTC-USDT',
  side: 'BUY',
  type: 'LIMIT',
  timeInForce: 'IOC',
  price: '30000.00',
  origQty: '0.00300000',
  executedQty,
  cummulativeQuoteQty: '0.000000',
  origQuoteOrderQty: '0.000000',
  status,
  time: 1_000,
  updateTime: 1_000,
  isWorking: status === 'NEW' || status === 'PARTIALLY_FILLED',
});

const fill = (id: number, qty: string): WalletFillView => ({
  symbol: 'BTC-USDT',
  id,
  orderNo: '7',
  clientOrderId: 'c-7',
  side: 'BUY',
  price: '30000.00',
  qty,
  quoteQty: '30.000000',
  commission: '0.00000100',
  commissionAsset: 'BTC',
  time: 1_000 + id,
  isBuyer: true,
  isMaker: false,
});

const execution = (
  executionType: OrderUpdate['executionType'],
  view: WalletOrderView,
  f: WalletFillView | null = null,
): OrderUpdate => ({ v: 1, userId: 'u1', executionType, order: view, fill: f, ts: 2_000 });

describe(orderFromExecutions.name, () => {
  it("gives the last execution's order and every trade's fill, in order", () => {
    const sut = orderFromExecutions(
      [
        execution('NEW', order('0.00000000', 'NEW')),
        execution('TRADE', order('0.00100000', 'PARTIALLY_FILLED'), fill(1, '0.00100000')),
        execution('TRADE', order('0.00150000', 'PARTIALLY_FILLED'), fill(2, '0.00050000')),
        execution('EXPIRED', order('0.00150000', 'EXPIRED')),
      ],
      8,
    );
    expect(sut?.order).toMatchObject({ status: 'EXPIRED', executedQty: '0.00150000' });
    expect(sut?.fills.map((f) => f.id)).toEqual([1, 2]);
  });

  it('gives nothing when the fills seen do not add up to the executed quantity (a message missed)', () => {
    const sut = orderFromExecutions(
      [
        execution('NEW', order('0.00000000', 'NEW')),
        execution('TRADE', order('0.00150000', 'PARTIALLY_FILLED'), fill(2, '0.00050000')),
      ],
      8,
    );
    expect(sut).toBeUndefined();
    expect(orderFromExecutions([], 8)).toBeUndefined();
  });

  it('takes quantities written with more zeros than the asset has decimals', () => {
    const sut = orderFromExecutions(
      [execution('TRADE', order('0.0010000000', 'FILLED'), fill(1, '0.001000000000'))],
      8,
    );
    expect(sut?.order.status).toBe('FILLED');
  });
});

import fc from 'fast-check';

import { fill as fillView, order as orderView } from '../../test/order-update.fixtures';
import { stpModeSchema } from '../matching/matching-command.schema';
import {
  walletExecutionTypeSchema,
  walletFillViewSchema,
  walletOrderTypeSchema,
  walletOrderViewSchema,
  walletOrderViewStatusSchema,
  walletPreventionViewSchema,
} from './order-query.schema';
import { orderExecutionJson } from './order-update-batch.codec';
import { type OrderExecutionUpdate, orderExecutionUpdateSchema } from './order-update-batch.schema';

/** Any text: ASCII that needs no escaping, quotes, backslashes, control characters, non-ASCII, lone surrogates. */
const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('', '"', '\\', '\n', '\u0000', '\u007f', '\u2028', '\ud800', 'é', '"quoted" \\ back'),
);
const ms = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
const side = fc.constantFrom('BUY' as const, 'SELL' as const);

const order = fc
  .tuple(
    fc.record({
      orderNo: text,
      orderId: text,
      clientOrderId: text,
      symbol: text,
      side,
      type: fc.constantFrom(...walletOrderTypeSchema.options),
      timeInForce: fc.constantFrom('GTC' as const, 'IOC' as const, 'FOK' as const),
      price: text,
      origQty: text,
      executedQty: text,
      cummulativeQuoteQty: text,
      origQuoteOrderQty: text,
      status: fc.constantFrom(...walletOrderViewStatusSchema.options),
      time: ms,
      updateTime: ms,
      isWorking: fc.boolean(),
    }),
    // The optional fields, each present or absent (the order's keys stay in the schema's order).
    fc.record(
      {
        stopPrice: text,
        workingTime: fc.integer({ min: -1, max: Number.MAX_SAFE_INTEGER }),
        selfTradePreventionMode: fc.constantFrom(...stpModeSchema.options),
        preventedMatchId: ms,
        preventedQuantity: text,
      },
      { requiredKeys: [] },
    ),
  )
  .map(([required, optional]) => ({ ...required, ...optional }));
const fill = fc.record({
  symbol: text,
  id: ms,
  orderNo: text,
  clientOrderId: text,
  side,
  price: text,
  qty: text,
  quoteQty: text,
  commission: text,
  commissionAsset: text,
  time: ms,
  isBuyer: fc.boolean(),
  isMaker: fc.boolean(),
});
const execution: fc.Arbitrary<OrderExecutionUpdate> = fc.record(
  {
    executionType: fc.constantFrom(...walletExecutionTypeSchema.options),
    order,
    fill: fc.option(fill, { nil: null }),
    rejectReason: text,
    prevention: fc.record(
      { preventedMatchId: ms, counterOrderNo: text, price: text, quantity: text, quoteQuantity: text },
      { requiredKeys: ['preventedMatchId', 'counterOrderNo', 'price'] },
    ),
    ts: ms,
  },
  { requiredKeys: ['executionType', 'order', 'fill', 'ts'] },
);

describe('orderExecutionJson', () => {
  it('writes exactly what JSON.stringify writes for any execution, optional fields present or not', () => {
    fc.assert(
      fc.property(execution, (e) => {
        expect(orderExecutionJson(e)).toBe(JSON.stringify(e));
      }),
      { numRuns: 2_000 },
    );
  });

  it('writes every field of the schema, so a field added to the schema must be added to the codec', () => {
    const sample = fc
      .sample(execution, { numRuns: 200, seed: 7 })
      .find(
        (e) =>
          e.fill !== null &&
          e.rejectReason !== undefined &&
          e.prevention?.quantity !== undefined &&
          e.prevention.quoteQuantity !== undefined &&
          e.order.stopPrice !== undefined &&
          e.order.workingTime !== undefined &&
          e.order.selfTradePreventionMode !== undefined &&
          e.order.preventedMatchId !== undefined &&
          e.order.preventedQuantity !== undefined,
      )!;
    const parsed = JSON.parse(orderExecutionJson(sample));

    expect(Object.keys(parsed).sort()).toEqual(Object.keys(orderExecutionUpdateSchema.shape).sort());
    expect(Object.keys(parsed.order).sort()).toEqual(Object.keys(walletOrderViewSchema.shape).sort());
    expect(Object.keys(parsed.fill).sort()).toEqual(Object.keys(walletFillViewSchema.shape).sort());
    expect(Object.keys(parsed.prevention).sort()).toEqual(
      Object.keys(walletPreventionViewSchema.shape).sort(),
    );
  });

  it('gives a message that the schema reads back as the same execution', () => {
    // A client order id with quotes: the one field here that JSON must escape.
    const e: OrderExecutionUpdate = {
      executionType: 'TRADE',
      order: { ...orderView, clientOrderId: 'web:"7"' },
      fill: { ...fillView, clientOrderId: 'web:"7"' },
      ts: 2_000,
    };

    expect(orderExecutionUpdateSchema.parse(JSON.parse(orderExecutionJson(e)))).toEqual(e);
  });
});

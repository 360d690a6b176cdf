import { OrderBook } from './order-book.engine';
import { RejectionCode } from './rejection-code.enum';
import { type MatchingCommand } from './matching-command.types';
import { createBook, limit } from '../test/order-book.harness';

const valid = { type: 'place', orderId: 'v', userId: 'u', side: 'BUY', orderType: 'LIMIT', timeInForce: 'GTC', price: 100, quantity: 5, ts: 1 };
const marketValid = { type: 'place', orderId: 'v', userId: 'u', side: 'SELL', orderType: 'MARKET', quantity: 5, ts: 1 };
const without = (o: object, key: string) => Object.fromEntries(Object.entries(o).filter(([k]) => k !== key));

type Case = [name: string, command: Record<string, unknown>, reason: keyof typeof RejectionCode, field?: string];

const cases: Case[] = [
  ['missing orderId', without(valid, 'orderId'), 'MISSING_FIELD', 'orderId'],
  ['empty orderId', { ...valid, orderId: '' }, 'INVALID_FIELD', 'orderId'],
  ['numeric orderId', { ...valid, orderId: 5 }, 'INVALID_FIELD', 'orderId'],
  ['missing userId', without(valid, 'userId'), 'MISSING_FIELD', 'userId'],
  ['missing side', without(valid, 'side'), 'MISSING_FIELD', 'side'],
  ['unknown side', { ...valid, side: 'HOLD' }, 'INVALID_FIELD', 'side'],
  ['missing orderType', without(valid, 'orderType'), 'MISSING_FIELD', 'orderType'],
  ['unknown orderType', { ...valid, orderType: 'ICEBERG' }, 'INVALID_FIELD', 'orderType'],
  ['inherited orderType', { ...valid, orderType: 'constructor' }, 'INVALID_FIELD', 'orderType'],
  ['limit without timeInForce', without(valid, 'timeInForce'), 'MISSING_FIELD', 'timeInForce'],
  ['unknown timeInForce', { ...valid, timeInForce: 'GTD' }, 'INVALID_FIELD', 'timeInForce'],
  ['limit without price', without(valid, 'price'), 'MISSING_FIELD', 'price'],
  ['zero price', { ...valid, price: 0 }, 'INVALID_FIELD', 'price'],
  ['negative price', { ...valid, price: -1 }, 'INVALID_FIELD', 'price'],
  ['fractional price', { ...valid, price: 100.5 }, 'INVALID_FIELD', 'price'],
  ['string price', { ...valid, price: '100' }, 'INVALID_FIELD', 'price'],
  ['oversized price', { ...valid, price: 2 ** 53 }, 'INVALID_FIELD', 'price'],
  ['missing quantity', without(valid, 'quantity'), 'MISSING_FIELD', 'quantity'],
  ['zero quantity', { ...valid, quantity: 0 }, 'INVALID_FIELD', 'quantity'],
  ['negative quantity', { ...valid, quantity: -3 }, 'INVALID_FIELD', 'quantity'],
  ['fractional quantity', { ...valid, quantity: 0.5 }, 'INVALID_FIELD', 'quantity'],
  ['NaN quantity', { ...valid, quantity: NaN }, 'INVALID_FIELD', 'quantity'],
  ['infinite quantity', { ...valid, quantity: Infinity }, 'INVALID_FIELD', 'quantity'],
  ['price x quantity above 2^53', { ...valid, price: 2 ** 30, quantity: 2 ** 30 }, 'NOTIONAL_OUT_OF_RANGE', 'quantity'],
  ['stopPrice on a limit', { ...valid, stopPrice: 90 }, 'UNEXPECTED_FIELD', 'stopPrice'],
  ['quoteQuantity on a limit', { ...valid, quoteQuantity: 90 }, 'UNEXPECTED_FIELD', 'quoteQuantity'],
  ['price on a market order', { ...marketValid, price: 90 }, 'UNEXPECTED_FIELD', 'price'],
  ['timeInForce on a market order', { ...marketValid, timeInForce: 'IOC' }, 'UNEXPECTED_FIELD', 'timeInForce'],
  ['market with quantity and quoteQuantity', { ...marketValid, quoteQuantity: 500 }, 'UNEXPECTED_FIELD', 'quoteQuantity'],
  ['market with neither quantity', without(marketValid, 'quantity'), 'MISSING_FIELD', 'quantity'],
  ['fractional quoteQuantity', { ...without(marketValid, 'quantity'), quoteQuantity: 10.5 }, 'INVALID_FIELD', 'quoteQuantity'],
  ['stop-loss without stopPrice', { ...without(marketValid, 'x'), orderType: 'STOP_LOSS' }, 'MISSING_FIELD', 'stopPrice'],
  ['stop-loss with zero stopPrice', { ...marketValid, orderType: 'STOP_LOSS', stopPrice: 0 }, 'INVALID_FIELD', 'stopPrice'],
  ['unknown stp', { ...valid, stp: 'DECREMENT' }, 'INVALID_FIELD', 'stp'],
  ['missing ts', without(valid, 'ts'), 'MISSING_FIELD', 'ts'],
  ['negative ts', { ...valid, ts: -1 }, 'INVALID_FIELD', 'ts'],
  ['duplicate order id', { ...valid, orderId: 'r1' }, 'DUPLICATE_ORDER_ID', 'orderId'],
  ['unknown command', { type: 'replace', orderId: 'r1', ts: 1 }, 'UNKNOWN_COMMAND', 'type'],
  ['cancel without orderId', { type: 'cancel', userId: 'u', ts: 1 }, 'MISSING_FIELD', 'orderId'],
  ['cancel without userId', { type: 'cancel', orderId: 'r1', ts: 1 }, 'MISSING_FIELD', 'userId'],
  ['cancel of an unknown order', { type: 'cancel', orderId: 'zz', userId: 'u', ts: 1 }, 'UNKNOWN_ORDER', 'orderId'],
  ['cancel by another user', { type: 'cancel', orderId: 'r1', userId: 'u', ts: 1 }, 'NOT_ORDER_OWNER', 'userId'],
  ['amend without quantity', { type: 'amend', orderId: 'r1', userId: 'ur', ts: 1 }, 'MISSING_FIELD', 'quantity'],
  ['amend to an oversized quantity', { type: 'amend', orderId: 'r1', userId: 'ur', quantity: 2 ** 53, ts: 1 }, 'INVALID_FIELD', 'quantity'],
  ['amend above 2^53 notional', { type: 'amend', orderId: 'r1', userId: 'ur', quantity: 2 ** 50, ts: 1 }, 'NOTIONAL_OUT_OF_RANGE', 'quantity'],
  ['cancelAll with a numeric userId', { type: 'cancelAll', userId: 7, ts: 1 }, 'INVALID_FIELD', 'userId'],
  ['status without status', { type: 'status', ts: 1 }, 'MISSING_FIELD', 'status'],
  ['unknown status', { type: 'status', status: 'OPEN', ts: 1 }, 'INVALID_FIELD', 'status'],
];

describe(OrderBook.name, () => {
  it.each(cases)('rejects %s with a typed reason and changes nothing', (_name, command, reason, field) => {
    const { sut, run } = createBook();
    run(limit('r1', 'ur', 'SELL', 101, 5), limit('r2', 'ur', 'BUY', 99, 5));
    const hash = sut.stateHash();
    const book = sut.l3();

    const expected: Record<string, unknown> = { type: 'rejected', seq: 3 };
    if (typeof command.ts === 'number' && command.ts >= 0) expected.ts = command.ts;
    expected.command = command.type;
    if (typeof command.orderId === 'string' && command.orderId !== '') expected.orderId = command.orderId;
    if (typeof command.userId === 'string' && command.userId !== '') expected.userId = command.userId;
    expected.reason = reason;
    expected.code = RejectionCode[reason];
    if (field !== undefined) expected.field = field;

    expect(run(command as unknown as MatchingCommand)).toEqual([expected]);
    expect(sut.stateHash()).toBe(hash);
    expect(sut.l3()).toEqual(book);
  });
});

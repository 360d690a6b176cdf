import * as fc from 'fast-check';
import { type MatchingCommand, type PlaceOrderCommand } from '../src';

/**
 * Well-formed command streams over few ids, users and prices, so that duplicates, unknown orders,
 * wrong owners, self-trades, crossing and stop cascades all happen often.
 */
/**
 * Ids in both of the engine's id paths (see OrderIdIndex): `o<n>` and a numeric `<n>` take the dense
 * pages, ids with a leading zero or a longer tail the string table.
 */
const orderId = fc
  .integer({ min: 0, max: 40 })
  .map((n) =>
    n % 4 === 0 ? `o${n}` : n % 4 === 1 ? String(n) : n % 4 === 2 ? `o0${n}` : `ord-${n}-${'x'.repeat(20)}`,
  );
const userId = fc.constantFrom('u0', 'u1', 'u2', 'u3');
const side = fc.constantFrom<'BUY' | 'SELL'>('BUY', 'SELL');
const price = fc.integer({ min: 95, max: 105 });
const quantity = fc.integer({ min: 1, max: 6 });
const stp = fc.option(
  fc.constantFrom<'NONE' | 'EXPIRE_TAKER' | 'EXPIRE_MAKER' | 'EXPIRE_BOTH'>(
    'NONE',
    'EXPIRE_TAKER',
    'EXPIRE_MAKER',
    'EXPIRE_BOTH',
  ),
  {
    nil: undefined,
    freq: 2,
  },
);
const tif = fc.constantFrom<'GTC' | 'IOC' | 'FOK'>('GTC', 'GTC', 'GTC', 'IOC', 'FOK');

const place = fc
  .record({
    orderId,
    userId,
    side,
    price,
    stopPrice: price,
    quantity,
    quoteQuantity: fc.integer({ min: 50, max: 1200 }),
    stp,
    tif,
    kind: fc.constantFrom(
      'LIMIT',
      'LIMIT',
      'LIMIT',
      'LIMIT',
      'LIMIT_MAKER',
      'MARKET',
      'MARKET_QUOTE',
      'STOP_LOSS',
      'STOP_LOSS_LIMIT',
      'TAKE_PROFIT',
      'TAKE_PROFIT_LIMIT',
    ),
  })
  .map((r): Omit<PlaceOrderCommand, 'ts'> => {
    const base = {
      type: 'place' as const,
      orderId: r.orderId,
      userId: r.userId,
      side: r.side,
      ...(r.stp === undefined ? {} : { stp: r.stp }),
    };
    switch (r.kind) {
      case 'LIMIT':
        return { ...base, orderType: 'LIMIT', timeInForce: r.tif, price: r.price, quantity: r.quantity };
      case 'LIMIT_MAKER':
        return { ...base, orderType: 'LIMIT_MAKER', price: r.price, quantity: r.quantity };
      case 'MARKET':
        return { ...base, orderType: 'MARKET', quantity: r.quantity };
      case 'MARKET_QUOTE':
        return { ...base, orderType: 'MARKET', quoteQuantity: r.quoteQuantity };
      case 'STOP_LOSS':
      case 'TAKE_PROFIT':
        return { ...base, orderType: r.kind, stopPrice: r.stopPrice, quantity: r.quantity };
      default:
        return {
          ...base,
          orderType: r.kind as 'STOP_LOSS_LIMIT',
          timeInForce: r.tif,
          stopPrice: r.stopPrice,
          price: r.price,
          quantity: r.quantity,
        };
    }
  });

const command: fc.Arbitrary<Omit<MatchingCommand, 'ts'>> = fc.oneof(
  { weight: 36, arbitrary: place },
  { weight: 8, arbitrary: fc.record({ type: fc.constant('cancel' as const), orderId, userId }) },
  { weight: 12, arbitrary: fc.record({ type: fc.constant('amend' as const), orderId, userId, quantity }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('cancelAll' as const), userId }) },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('status' as const),
      status: fc.constantFrom<'TRADING' | 'HALTED' | 'CANCEL_ONLY'>(
        'TRADING',
        'TRADING',
        'TRADING',
        'HALTED',
        'CANCEL_ONLY',
      ),
    }),
  },
);

export const commandStream = (maxLength: number): fc.Arbitrary<MatchingCommand[]> =>
  fc
    .array(command, { minLength: 1, maxLength, size: 'max' })
    .map((cs) => cs.map((c, i) => ({ ...c, ts: i + 1 }) as MatchingCommand));

import fc from 'fast-check';
import { ZodError } from 'zod';

import { matchingEventBatchSchema } from './matching-event-batch.schema';
import { checkMatchingEventBatch, parseMatchingEventBatch } from './matching-event-batch.validator';

const seq = fc.oneof(fc.nat(), fc.constantFrom(0, Number.MAX_SAFE_INTEGER));
const text = fc.string({ maxLength: 6 });
const side = fc.constantFrom('BUY', 'SELL');
const status = fc.constantFrom('TRADING', 'HALTED', 'CANCEL_ONLY');
const ids = { orderId: text, userId: text };

/** Valid events of every type, without `seq` (the batch numbers them). */
const event = fc.oneof(
  fc.record(
    {
      type: fc.constant('accepted'),
      ts: seq,
      ...ids,
      side,
      orderType: fc.constantFrom(
        'LIMIT',
        'LIMIT_MAKER',
        'MARKET',
        'STOP_LOSS',
        'STOP_LOSS_LIMIT',
        'TAKE_PROFIT',
        'TAKE_PROFIT_LIMIT',
      ),
      timeInForce: fc.constantFrom('GTC', 'IOC', 'FOK'),
      price: seq,
      stopPrice: seq,
      quantity: seq,
      quoteQuantity: seq,
      stp: fc.constantFrom('NONE', 'EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH'),
    },
    { requiredKeys: ['type', 'ts', 'orderId', 'userId', 'side', 'orderType', 'stp'] },
  ),
  fc.record(
    {
      type: fc.constant('rejected'),
      ts: seq,
      command: text,
      ...ids,
      reason: text,
      code: fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
      field: text,
    },
    { requiredKeys: ['type', 'command', 'reason', 'code'] },
  ),
  fc.record({
    type: fc.constant('trade'),
    ts: seq,
    price: seq,
    quantity: seq,
    makerOrderId: text,
    takerOrderId: text,
    makerUserId: text,
    takerUserId: text,
    takerSide: side,
    makerRemaining: seq,
    takerRemaining: seq,
  }),
  fc.record({
    type: fc.constant('cancelled'),
    ts: seq,
    ...ids,
    reason: fc.constantFrom('USER_CANCEL', 'CANCEL_ALL'),
    remaining: seq,
  }),
  fc.record(
    {
      type: fc.constant('expired'),
      ts: seq,
      ...ids,
      reason: fc.constantFrom(
        'IOC_REMAINDER',
        'FOK_NOT_FILLABLE',
        'MARKET_REMAINDER',
        'STP_TAKER',
        'STP_MAKER',
      ),
      remaining: seq,
      counterOrderId: text,
      price: seq,
    },
    { requiredKeys: ['type', 'ts', 'orderId', 'userId', 'reason', 'remaining'] },
  ),
  fc.record({
    type: fc.constant('amended'),
    ts: seq,
    ...ids,
    quantity: seq,
    previousQuantity: seq,
    priority: fc.constantFrom('KEPT', 'REQUEUED'),
  }),
  fc.record({ type: fc.constant('triggered'), ts: seq, ...ids, stopPrice: seq, lastPrice: seq }),
  fc.record({ type: fc.constant('status'), ts: seq, status, previousStatus: status }),
);

type Json = Record<string, unknown>;

const validBatch = fc
  .record({
    market: fc.constantFrom('BTC-USDT', 'ETH-BTC', 'AB-12', 'ABCDEFGHIJKL-Z9'),
    firstSeq: fc.integer({ min: 0, max: 1_000_000 }),
    commandSeq: seq,
    events: fc.array(event, { minLength: 1, maxLength: 6 }),
  })
  .map(({ market, firstSeq, commandSeq, events }): Json => ({
    v: 1,
    market,
    firstSeq,
    lastSeq: firstSeq + events.length - 1,
    commandSeq,
    events: events.map((e, i) => ({ ...e, seq: firstSeq + i })),
  }));

/** Values a field may be broken into: wrong types, out of range, near misses of each enum. */
const BAD_VALUES: unknown[] = [
  undefined,
  null,
  -1,
  -0,
  1.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.MAX_SAFE_INTEGER + 1,
  2 ** 60,
  '1',
  '',
  'buy',
  'BUY',
  'LIMIT',
  'GTC',
  'NONE',
  'KEPT',
  'TRADING',
  'STP_MAKER',
  'USER_CANCEL',
  'CANCEL_ALL',
  'SELL',
  'MARKET',
  'FOK',
  'EXPIRE_BOTH',
  'REQUEUED',
  'CANCEL_ONLY',
  'IOC_REMAINDER',
  'trade',
  'accepted',
  'btc-usdt',
  'BTCUSDT',
  'A-BC',
  'ABCDEFGHIJKLM-USDT',
  true,
  [],
  {},
  [1],
  0,
  1,
  2,
];
/** Those, and anything at all. */
const badValue = fc.oneof(
  { arbitrary: fc.constantFrom(...BAD_VALUES), weight: 4 },
  { arbitrary: fc.anything(), weight: 1 },
);

/** One change to a valid batch, applied in place to a copy of it. */
const mutation = fc.oneof(
  fc.record({
    kind: fc.constant('set-top' as const),
    key: fc.constantFrom('v', 'market', 'firstSeq', 'lastSeq', 'commandSeq', 'events', 'extra'),
    value: badValue,
  }),
  fc.record({
    kind: fc.constant('delete-top' as const),
    key: fc.constantFrom('v', 'market', 'firstSeq', 'lastSeq', 'commandSeq', 'events'),
  }),
  fc.record({
    kind: fc.constant('set-event' as const),
    index: fc.nat(),
    key: fc.constantFrom(
      'type',
      'seq',
      'ts',
      'orderId',
      'userId',
      'side',
      'orderType',
      'timeInForce',
      'price',
      'stopPrice',
      'quantity',
      'quoteQuantity',
      'stp',
      'command',
      'reason',
      'code',
      'field',
      'makerOrderId',
      'takerSide',
      'makerRemaining',
      'remaining',
      'previousQuantity',
      'priority',
      'lastPrice',
      'status',
      'previousStatus',
      'unknownKey',
    ),
    value: badValue,
  }),
  fc.record({ kind: fc.constant('delete-event-key' as const), index: fc.nat(), pick: fc.nat() }),
  fc.record({ kind: fc.constant('set-own-key' as const), index: fc.nat(), pick: fc.nat(), value: badValue }),
  fc.record({ kind: fc.constant('replace-event' as const), index: fc.nat(), value: badValue }),
  fc.record({ kind: fc.constant('drop-event' as const), index: fc.nat() }),
  fc.record({ kind: fc.constant('swap-events' as const), a: fc.nat(), b: fc.nat() }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function mutate(batch: Json, m: Mutation): Json {
  const copy = structuredClone(batch);
  const events = copy['events'] as Json[];
  // A change after one that removed or replaced what it would touch changes nothing.
  const isObject = (v: unknown) => typeof v === 'object' && v !== null;
  if (m.kind !== 'set-top' && m.kind !== 'delete-top' && (!Array.isArray(events) || events.length === 0))
    return copy;
  const at = (index: number) => index % events.length;
  if (
    (m.kind === 'set-event' || m.kind === 'delete-event-key' || m.kind === 'set-own-key') &&
    !isObject(events[at(m.index)])
  )
    return copy;
  switch (m.kind) {
    case 'set-top':
      copy[m.key] = m.value;
      break;
    case 'delete-top':
      delete copy[m.key];
      break;
    case 'set-event':
      events[at(m.index)]![m.key] = m.value;
      break;
    case 'delete-event-key': {
      const e = events[at(m.index)]!;
      const keys = Object.keys(e);
      delete e[keys[m.pick % keys.length]!];
      break;
    }
    case 'set-own-key': {
      const e = events[at(m.index)]!;
      const keys = Object.keys(e);
      e[keys[m.pick % keys.length]!] = m.value;
      break;
    }
    case 'replace-event':
      events[at(m.index)] = m.value as Json;
      break;
    case 'drop-event':
      events.splice(at(m.index), 1);
      break;
    case 'swap-events': {
      const [a, b] = [at(m.a), at(m.b)];
      [events[a], events[b]] = [events[b]!, events[a]!];
      break;
    }
  }
  return copy;
}

/** The validator agrees with the schema: the same acceptance and, when accepted, the same value. */
function expectAgreement(input: unknown): void {
  const expected = matchingEventBatchSchema.safeParse(input);
  const actual = checkMatchingEventBatch(input);
  expect({ accepted: actual !== undefined, value: actual }).toEqual({
    accepted: expected.success,
    value: expected.success ? expected.data : undefined,
  });
}

describe('checkMatchingEventBatch', () => {
  it('accepts every valid batch the schema accepts, and returns what it returns', () => {
    fc.assert(
      fc.property(validBatch, (batch) => {
        expect(matchingEventBatchSchema.safeParse(batch).success).toBe(true);
        expectAgreement(batch);
        // A batch without unknown keys is returned as it is (no copy on the hot path).
        expect(checkMatchingEventBatch(batch)).toBe(batch);
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with the schema on batches with one to three changes', () => {
    fc.assert(
      fc.property(validBatch, fc.array(mutation, { minLength: 1, maxLength: 3 }), (batch, changes) => {
        const changed = changes.reduce(mutate, batch);
        expectAgreement(changed);
        // What the consumers parse: the JSON text of it.
        const json = JSON.stringify(changed);
        if (json !== undefined) expectAgreement(JSON.parse(json));
      }),
      { numRuns: 5000 },
    );
  });

  it('agrees with the schema when any one field of a batch or its events takes any of the bad values', () => {
    const samples = fc.sample(validBatch, { numRuns: 40, seed: 7 });
    for (const batch of samples) {
      const events = batch['events'] as Json[];
      for (const key of Object.keys(batch)) {
        for (const value of BAD_VALUES) expectAgreement({ ...batch, [key]: value });
      }
      events.forEach((event, i) => {
        for (const key of Object.keys(event)) {
          for (const value of BAD_VALUES) {
            const changed = events.map((e, j) => (j === i ? { ...e, [key]: value } : e));
            expectAgreement({ ...batch, events: changed });
          }
        }
      });
    }
  });

  it('agrees with the schema on arbitrary values', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => expectAgreement(value)),
      { numRuns: 2000 },
    );
  });

  it('strips unknown keys as the schema does', () => {
    const batch = {
      v: 1,
      market: 'BTC-USDT',
      firstSeq: 7,
      lastSeq: 8,
      commandSeq: 3,
      events: [
        { type: 'status', seq: 7, ts: 1, status: 'HALTED', previousStatus: 'TRADING', note: 'x' },
        { type: 'rejected', seq: 8, command: 'place', reason: 'r', code: -1 },
      ],
      trace: 'abc',
    };
    const checked = checkMatchingEventBatch(batch);
    expect(checked).toEqual(matchingEventBatchSchema.parse(batch));
    expect(checked?.events[0]).not.toHaveProperty('note');
    expect(checked).not.toHaveProperty('trace');
    expect(batch.events[0]).toHaveProperty('note');
  });
});

describe('parseMatchingEventBatch', () => {
  it("throws the schema's own error for a refused batch", () => {
    const batch = { v: 1, market: 'BTC-USDT', firstSeq: 1, lastSeq: 2, commandSeq: 0, events: [] };
    expect(() => parseMatchingEventBatch(batch)).toThrow(ZodError);
  });
});

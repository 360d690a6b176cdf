import {
  MAX_COMMANDS_PER_BATCH,
  matchingCommandBatchMessageSchema,
  matchingCommandMessageSchema,
} from './matching-command.schema';
import { matchingEventBatchSchema } from './matching-event-batch.schema';

describe('matchingCommandMessageSchema', () => {
  it('takes a place command in ticks and lots', () => {
    const message = {
      v: 1,
      market: 'BTC-USDT',
      commandId: 'o1',
      command: {
        type: 'place',
        orderId: 'o1',
        userId: 'u1',
        side: 'BUY',
        orderType: 'LIMIT',
        timeInForce: 'GTC',
        price: 100,
        quantity: 5,
        ts: 1,
      },
    };
    expect(matchingCommandMessageSchema.parse(message)).toEqual(message);
  });

  it.each([
    ['a fractional quantity', { type: 'amend', orderId: 'o1', userId: 'u1', quantity: 1.5, ts: 1 }],
    ['an unknown command', { type: 'explode', ts: 1 }],
    ['a bad status', { type: 'status', status: 'OPEN', ts: 1 }],
  ])('refuses %s', (_name, command) => {
    expect(
      matchingCommandMessageSchema.safeParse({ v: 1, market: 'BTC-USDT', commandId: 'c', command }).success,
    ).toBe(false);
  });
});

describe('matchingCommandBatchMessageSchema', () => {
  const cancel = { type: 'cancel', orderId: 'o1', userId: 'u1', ts: 1 };
  const batch = (commands: unknown[]) => ({ v: 1, market: 'BTC-USDT', batchId: 'b1', commands });

  it('takes several commands of one market', () => {
    const message = batch([cancel, { type: 'status', status: 'HALTED', ts: 2 }]);
    expect(matchingCommandBatchMessageSchema.parse(message)).toEqual(message);
  });

  it.each([
    ['no command', []],
    ['one bad command among good ones', [cancel, { type: 'cancel', orderId: '', userId: 'u1', ts: 1 }]],
    [
      'more commands than a batch may carry',
      Array.from({ length: MAX_COMMANDS_PER_BATCH + 1 }, () => cancel),
    ],
  ])('refuses %s', (_name, commands) => {
    expect(matchingCommandBatchMessageSchema.safeParse(batch(commands)).success).toBe(false);
  });
});

describe('matchingEventBatchSchema', () => {
  const trade = {
    type: 'trade',
    seq: 8,
    ts: 5,
    price: 100,
    quantity: 2,
    makerOrderId: 'm',
    takerOrderId: 't',
    makerUserId: 'u1',
    takerUserId: 'u2',
    takerSide: 'SELL',
    makerRemaining: 0,
    takerRemaining: 1,
  };
  const expired = {
    type: 'expired',
    seq: 9,
    ts: 5,
    orderId: 't',
    userId: 'u2',
    reason: 'IOC_REMAINDER',
    remaining: 1,
  };

  it('takes contiguous events', () => {
    const batch = {
      v: 1,
      market: 'BTC-USDT',
      firstSeq: 8,
      lastSeq: 9,
      commandSeq: 3,
      events: [trade, expired],
    };
    expect(matchingEventBatchSchema.parse(batch)).toEqual(batch);
  });

  it('refuses gaps and wrong bounds', () => {
    expect(
      matchingEventBatchSchema.safeParse({
        v: 1,
        market: 'BTC-USDT',
        firstSeq: 8,
        lastSeq: 9,
        commandSeq: 3,
        events: [trade, { ...expired, seq: 10 }],
      }).success,
    ).toBe(false);
    expect(
      matchingEventBatchSchema.safeParse({
        v: 1,
        market: 'BTC-USDT',
        firstSeq: 8,
        lastSeq: 10,
        commandSeq: 3,
        events: [trade, expired],
      }).success,
    ).toBe(false);
  });
});

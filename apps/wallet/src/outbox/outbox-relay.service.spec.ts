import { toPublications } from './outbox-relay.service';
import { type OutboxMessage } from './outbox.repository';

const place = (orderId: string, market = 'BTC-USDT') => ({
  v: 1,
  market,
  commandId: orderId,
  command: {
    type: 'place',
    orderId,
    userId: 'u1',
    side: 'BUY',
    orderType: 'LIMIT',
    price: 1,
    quantity: 1,
    ts: 1,
  },
});

function row(id: number, orderId: string, batchId?: string, market = 'BTC-USDT'): OutboxMessage {
  return {
    id: String(id),
    messageId: orderId,
    subject: `cmd.${market}`,
    payload: place(orderId, market),
    ...(batchId ? { batchId, traceparent: `tp-${orderId}` } : {}),
  };
}

describe('toPublications', () => {
  it('publishes rows without a batch one per message, under their own message id', () => {
    expect(toPublications([row(1, 'a'), row(2, 'b')])).toEqual([
      { subject: 'cmd.BTC-USDT', payload: place('a'), messageId: 'a' },
      { subject: 'cmd.BTC-USDT', payload: place('b'), messageId: 'b' },
    ]);
  });

  it('publishes each batch whole, as one batch message at its first row, under the batch id', () => {
    const rows = [
      row(1, 'a', 'intake:a'),
      row(2, 'x', 'intake:x', 'ETH-USDT'),
      row(3, 'cancel:z'),
      row(4, 'b', 'intake:a'),
      row(5, 'y', 'intake:x', 'ETH-USDT'),
    ];
    expect(toPublications(rows)).toEqual([
      {
        subject: 'cmd.BTC-USDT',
        payload: {
          v: 1,
          market: 'BTC-USDT',
          batchId: 'intake:a',
          commands: [place('a').command, place('b').command],
        },
        messageId: 'intake:a',
        traceparent: 'tp-a',
      },
      {
        subject: 'cmd.ETH-USDT',
        payload: {
          v: 1,
          market: 'ETH-USDT',
          batchId: 'intake:x',
          commands: [place('x', 'ETH-USDT').command, place('y', 'ETH-USDT').command],
        },
        messageId: 'intake:x',
        traceparent: 'tp-x',
      },
      { subject: 'cmd.BTC-USDT', payload: place('cancel:z'), messageId: 'cancel:z' },
    ]);
  });
});

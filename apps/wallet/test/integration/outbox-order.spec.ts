import { UnitOfWork } from '../../src/common/unit-of-work.repository';
import { OutboxRepository } from '../../src/outbox/outbox.repository';
import { WalletHarness } from './wallet-harness';

jest.setTimeout(60_000);

let h: WalletHarness;
// The relay's own passes stay away during the test: its first pass at start finds nothing, the next is a minute on.
beforeAll(async () => {
  h = await WalletHarness.start({ WALLET_OUTBOX_POLL_MS: '60000' });
});
afterAll(() => h?.close());

describe('OutboxRepository.take', () => {
  it('takes the oldest rows by their number, also where the digits grow (99 before 100)', async () => {
    const ids = Array.from({ length: 12 }, (_, i) => 95 + i);
    await h.query(
      `insert into outbox (id, message_id, subject, payload)
       select id, 'order-test-' || id, 'cmd.BTC-USDT', jsonb_build_object('n', id) from unnest($1::bigint[]) as id`,
      [ids],
    );
    const uow = h.app!.get(UnitOfWork, { strict: false });
    const outbox = h.app!.get(OutboxRepository, { strict: false });
    const taken = await uow.run(async (tx) => (await outbox.take(tx, 5)).map((m) => m.id));
    expect(taken).toEqual(['95', '96', '97', '98', '99']);
    const next = await uow.run(async (tx) => (await outbox.take(tx, 3)).map((m) => m.id));
    expect(next).toEqual(['100', '101', '102']);
    await h.query(`delete from outbox where message_id like 'order-test-%'`);
  });
});

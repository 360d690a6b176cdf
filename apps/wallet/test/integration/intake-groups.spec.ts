import {
  type ReconcileReply,
  STREAMS,
  type SubmitOrderReply,
  WALLET_SUBJECTS,
} from '@exchange/shared-contracts';

import { OrderIntakeService } from '../../src/orders/order-intake.service';
import { limitBuy, type SubmitOutcome, WalletHarness, waitFor } from './wallet-harness';

jest.setTimeout(90_000);

const S = WALLET_SUBJECTS;

let h: WalletHarness;
beforeAll(async () => {
  h = await WalletHarness.start();
  for (const [userId, amount] of [
    ['erin', '1000'],
    ['frank', '100'],
    ['gina', '1000'],
    ['hank', '1000'],
  ] as const) {
    await h.faucet(userId, 'USDT', amount);
  }
});
afterAll(() => h?.close());

/**
 * Waits until the wallet's order intake is in `state`; past the deadline, fails with what the intake and the
 * database were doing (and releases the row lock).
 */
async function until(state: string, check: (depth: { waiting: number; inFlight: number }) => boolean) {
  const intake = h.app!.get(OrderIntakeService);
  try {
    await waitFor(async () => check(intake.depth));
  } catch {
    const sessions = await h.query(
      `select pid, state, wait_event_type, wait_event, left(query, 100) as query from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid()`,
    );
    const [all] = await h.query<{ n: number }>(`select count(*)::int as n from pg_stat_activity`);
    await h.query('rollback'); // the row lock goes, so the blocked groups end before the harness closes
    throw new Error(
      `intake never reached "${state}": queue ${JSON.stringify(intake.depth)}, ${all!.n} sessions on the server, ` +
        `this database's: ${JSON.stringify(sessions)}`,
    );
  }
}

/**
 * Runs `submissions` as one group: while this test holds a row lock on erin's account, two single-order groups
 * for erin (the intake runs two groups at once) wait for it, so every later submission waits in the queue; once
 * `queued` of them are there, the lock goes and the queue runs them together. The intake's own queue depth says
 * when each step is reached (a blocked group stays in flight until the lock goes).
 */
async function asOneGroup(submissions: unknown[], queued: number): Promise<SubmitOutcome[]> {
  await h.query('begin');
  await h.query(`select 1 from ledger_account where account_id = 'user:erin:USDT:AVAILABLE' for update`);
  const blockers = [h.submitOrder(limitBuy('erin', `blocker-${blocks}-1`, '10.00'))];
  await until('one group running', (d) => d.inFlight === 1);
  blockers.push(h.submitOrder(limitBuy('erin', `blocker-${blocks++}-2`, '10.00')));
  await until('two groups running', (d) => d.inFlight === 2);
  const results = submissions.map((s) => h.submitOrder(s));
  await until(`${queued} submissions queued`, (d) => d.waiting === queued && d.inFlight === 2);
  await h.query('commit');
  for (const b of await Promise.all(blockers)) expect(b.ok).toBe(true);
  return Promise.all(results);
}
let blocks = 0;

describe('order intake groups (group commit)', () => {
  it('gives each order of one transaction its own outcome', async () => {
    const stored = await h.rpc<SubmitOrderReply>(S.cmd.submitOrder, limitBuy('hank', 'h-first'));
    const before = {
      hankAvailable: await h.balance('user:hank:USDT:AVAILABLE'),
      frankAvailable: await h.balance('user:frank:USDT:AVAILABLE'),
    };
    const results = await asOneGroup(
      [
        limitBuy('erin', 'e-1'), // fits: 300.3 of the 979.98 left after the blockers
        limitBuy('frank', 'f-1', '200.00'), // frank has 100: refused, alone
        limitBuy('erin', 'e-2'), // fits too
        { ...limitBuy('erin', 'e-bad'), price: '300.001' }, // off the tick: refused before any group
        limitBuy('hank', 'h-first'), // stored before with the same order: the first reply again
        limitBuy('hank', 'h-first', '301.00'), // stored before with another order: idempotency conflict
        ...Array.from({ length: 5 }, (_, i) => limitBuy('gina', `g-${i}`)), // 1000 USDT: 3 fit, 2 do not
      ],
      // e-bad never queues; the second h-first waits for the first (same clientOrderId) and runs after the group.
      9,
    );

    const [e1, f1, e2, bad, dup, conflict, ...gina] = results;
    expect(e1).toMatchObject({ ok: true, reply: { duplicate: false, hold: { units: '300300000' } } });
    expect(e2).toMatchObject({ ok: true, reply: { duplicate: false } });
    expect(f1).toEqual({ ok: false, code: 2101 });
    expect(bad).toEqual({ ok: false, code: 1105 });
    expect(dup).toEqual({ ok: true, reply: { ...stored, duplicate: true } });
    expect(conflict).toEqual({ ok: false, code: 2102 });
    expect(gina.filter((r) => r.ok)).toHaveLength(3);
    expect(gina.filter((r) => !r.ok)).toEqual(Array(2).fill({ ok: false, code: 2101 }));

    // The accepted orders were written by one transaction.
    const accepted = results.flatMap((r) => (r.ok && !r.reply.duplicate ? [r.reply.orderId] : []));
    expect(accepted).toHaveLength(5);
    const xmins = await h.query<{ xmin: string }>(
      `select distinct xmin::text as xmin from wallet_order where order_id = any($1::varchar[])`,
      [accepted],
    );
    expect(xmins).toHaveLength(1);

    // Money: exactly the accepted holds moved; the refused left nothing behind.
    expect(await h.balance('user:erin:USDT:AVAILABLE')).toBe(
      1_000_000_000n - 2n * 10_010_000n - 2n * 300_300_000n,
    );
    expect(await h.balance('user:gina:USDT:AVAILABLE')).toBe(1_000_000_000n - 3n * 300_300_000n);
    expect(await h.balance('user:gina:USDT:HELD')).toBe(3n * 300_300_000n);
    expect(await h.balance('user:frank:USDT:AVAILABLE')).toBe(before.frankAvailable);
    expect(await h.balance('user:hank:USDT:AVAILABLE')).toBe(before.hankAvailable);
    const rows = await h.query<{ user_id: string; n: number }>(
      `select user_id, count(*)::int as n from wallet_order where user_id in ('frank', 'gina', 'hank')
       group by user_id order by user_id`,
    );
    expect(rows).toEqual([
      { user_id: 'gina', n: 3 },
      { user_id: 'hank', n: 1 },
    ]);
    // Each accepted order has its hold and its outbox row; the relay publishes the group's commands as one batch
    // message whose Nats-Msg-Id is fixed with the rows, so publishing them again changes nothing in CMD.
    const [holds] = await h.query<{ n: number }>(
      `select count(*)::int as n from hold where order_id = any($1::varchar[]) and status = 'ACTIVE'`,
      [accepted],
    );
    expect(holds!.n).toBe(5);
    const placed = async () => (await h.commands()).filter((c) => c.message.command.type === 'place');
    const commands = await waitFor(async () => {
      const all = await placed();
      const ids = new Set(all.map((c) => c.message.commandId));
      return accepted.every((id) => ids.has(id)) && all;
    });
    expect(commands).toHaveLength(1 + 2 + 5);
    const group = commands.filter((c) => accepted.includes(c.message.commandId));
    expect(new Set(group.map((c) => c.msgId)).size).toBe(1);
    expect(group[0]!.batchId).toBe(group[0]!.msgId);
    expect(group.map((c) => c.message.commandId)).toEqual(accepted);
    const stream = h.names.stream(STREAMS.CMD.name);
    const inCmd = (await h.jsm.streams.info(stream)).state.messages;
    await h.requeue(await h.commands());
    await waitFor(async () => (await h.query(`select 1 from outbox`)).length === 0);
    expect((await h.jsm.streams.info(stream)).state.messages).toBe(inCmd);
    expect(await placed()).toEqual(commands);

    const report = await h.rpc<ReconcileReply>(S.query.reconcile, {});
    expect(report.issues).toEqual([]);
  });

  it('stores duplicates that arrive together once, and answers the others as duplicates or conflicts', async () => {
    const same = limitBuy('erin', 'twice', '10.00');
    // The first of a (user, clientOrderId) joins the group; the later ones wait for its outcome.
    const results = await asOneGroup(
      [same, same, { ...same, price: '11.00' }, same, limitBuy('gina', 'g-late', '10.00')],
      2,
    );
    const created = results.filter((r) => r.ok && !r.reply.duplicate);
    expect(created).toHaveLength(2);
    const first = (results[0] as { ok: true; reply: SubmitOrderReply }).reply;
    expect(first.duplicate).toBe(false);
    expect(results[1]).toEqual({ ok: true, reply: { ...first, duplicate: true } });
    expect(results[2]).toEqual({ ok: false, code: 2102 });
    expect(results[3]).toEqual({ ok: true, reply: { ...first, duplicate: true } });
    expect(results[4]).toMatchObject({ ok: true, reply: { duplicate: false } });
    const [row] = await h.query<{ n: number }>(
      `select count(*)::int as n from wallet_order where user_id = 'erin' and client_order_id = 'twice'`,
    );
    expect(row!.n).toBe(1);
    expect(await h.balance('user:erin:USDT:HELD')).toBe(4n * 10_010_000n + 2n * 300_300_000n + 10_010_000n);
    const report = await h.rpc<ReconcileReply>(S.query.reconcile, {});
    expect(report.issues).toEqual([]);
  });
});

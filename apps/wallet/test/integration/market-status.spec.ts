import {
  type CancelOrderReply,
  type MarketsReply,
  type MarketStatusReply,
  type SubmitOrderReply,
  WALLET_RPC_ERRORS,
  WALLET_SUBJECTS,
} from '@exchange/shared-contracts';

import { type StoredCommand, WalletHarness, waitFor } from './wallet-harness';

jest.setTimeout(90_000);

const S = WALLET_SUBJECTS;
let h: WalletHarness;

beforeAll(async () => {
  h = await WalletHarness.start();
  await h.faucet('olga', 'USDT', '100000');
});
afterAll(() => h?.close());

let n = 0;
function buy(): Record<string, string> {
  n++;
  return {
    userId: 'olga',
    clientOrderId: `ms-${n}`,
    symbol: 'BTC-USDT',
    side: 'BUY',
    type: 'LIMIT',
    price: '20000.00',
    quantity: '0.1',
  };
}

async function statusOf(symbol: string): Promise<string | undefined> {
  const reply = await h.rpc<MarketsReply>(S.query.markets, {});
  return reply.markets.find((m) => m.symbol === symbol)?.status;
}

/** The status commands in the CMD stream, once the outbox has published everything. */
async function statusCommands(): Promise<StoredCommand[]> {
  await waitFor(async () => (await h.query(`select 1 from outbox`)).length === 0);
  return (await h.commands()).filter((c) => c.message.command.type === 'status');
}

/** What a status change writes, beside `h.snapshot()`'s money tables. */
async function state(): Promise<string> {
  const changes = await h.query(`select * from market_status_change order by command_id`);
  const markets = await h.query(`select symbol, status from market order by symbol`);
  return JSON.stringify([await h.snapshot(), changes, markets]);
}

describe('wallet.cmd.market-status.v1', () => {
  let resting: SubmitOrderReply;

  it('halt: the market row and exchangeInfo data say HALTED, the change is recorded, the engine command follows the accepted orders once', async () => {
    resting = await h.rpc<SubmitOrderReply>(S.cmd.submitOrder, buy());
    const halt = await h.rpc<MarketStatusReply>(S.cmd.setMarketStatus, {
      market: 'BTC-USDT',
      status: 'HALTED',
      commandId: 'halt-1',
      reason: 'price feed incident',
      requestedBy: 'ops@example',
    });
    expect(halt).toEqual({
      market: 'BTC-USDT',
      status: 'HALTED',
      previousStatus: 'TRADING',
      commandId: 'halt-1',
      subject: 'cmd.BTC-USDT',
      changedAt: expect.any(Number),
      duplicate: false,
    });
    // Seen at once by this process's intake and by wallet.query.markets.v1 (the gateway's exchangeInfo).
    expect(await statusOf('BTC-USDT')).toBe('HALTED');
    expect(await statusOf('ETH-USDT')).toBe('TRADING');
    expect(
      await h.query(`select market, status, previous_status, reason, requested_by from market_status_change`),
    ).toEqual([
      {
        market: 'BTC-USDT',
        status: 'HALTED',
        previous_status: 'TRADING',
        reason: 'price feed incident',
        requested_by: 'ops@example',
      },
    ]);

    const statuses = await statusCommands();
    const commands = await h.commands();
    expect(statuses).toHaveLength(1);
    expect(statuses[0]).toMatchObject({
      msgId: 'halt-1',
      subject: `${h.run}.cmd.BTC-USDT`,
      message: {
        v: 1,
        market: 'BTC-USDT',
        commandId: 'halt-1',
        command: { type: 'status', status: 'HALTED', ts: halt.changedAt },
      },
    });
    // After the order accepted before it, in stream order.
    const placeAt = commands.findIndex((c) => c.message.commandId === resting.orderId);
    const haltAt = commands.findIndex((c) => c.message.commandId === 'halt-1');
    expect(placeAt).toBeGreaterThanOrEqual(0);
    expect(haltAt).toBeGreaterThan(placeAt);
  });

  it('while HALTED intake refuses new orders and cancels with MARKET_NOT_TRADING, holding nothing', async () => {
    const before = await h.snapshot();
    const submit = await h.rpcError(S.cmd.submitOrder, buy());
    expect(submit).toEqual({ code: WALLET_RPC_ERRORS.MARKET_NOT_TRADING, message: 'BTC-USDT is HALTED' });
    const cancel = await h.rpcError(S.cmd.cancelOrder, {
      userId: 'olga',
      symbol: 'BTC-USDT',
      orderId: resting.orderId,
    });
    expect(cancel.code).toBe(WALLET_RPC_ERRORS.MARKET_NOT_TRADING);
    expect(await h.snapshot()).toBe(before);
  });

  it('a replay of the same command id changes nothing and answers what the first did', async () => {
    const before = await state();
    const cmdBefore = (await h.commands()).length;
    const again = await h.rpc<MarketStatusReply>(S.cmd.setMarketStatus, {
      market: 'BTC-USDT',
      status: 'HALTED',
      commandId: 'halt-1',
    });
    expect(again).toMatchObject({ status: 'HALTED', previousStatus: 'TRADING', duplicate: true });
    expect(await state()).toBe(before);
    expect(await statusCommands()).toHaveLength(1);
    expect((await h.commands()).length).toBe(cmdBefore);

    // The same id for another change is a conflict, not a silent replay.
    const conflict = await h.rpcError(S.cmd.setMarketStatus, {
      market: 'BTC-USDT',
      status: 'TRADING',
      commandId: 'halt-1',
    });
    expect(conflict.code).toBe(2102);
    const otherMarket = await h.rpcError(S.cmd.setMarketStatus, {
      market: 'ETH-USDT',
      status: 'HALTED',
      commandId: 'halt-1',
    });
    expect(otherMarket.code).toBe(2102);
    expect(await state()).toBe(before);
  });

  it('an unknown market or a bad status is refused with a typed error and writes nothing', async () => {
    const before = await state();
    const unknown = await h.rpcError(S.cmd.setMarketStatus, {
      market: 'DOGE-USDT',
      status: 'HALTED',
      commandId: 'x-1',
    });
    expect(unknown).toEqual({ code: WALLET_RPC_ERRORS.UNKNOWN_MARKET, message: 'unknown market DOGE-USDT' });
    const bad = await h.rpcError(S.cmd.setMarketStatus, {
      market: 'BTC-USDT',
      status: 'PAUSED',
      commandId: 'x-2',
    });
    expect(bad.code).toBe(WALLET_RPC_ERRORS.VALIDATION_FAILED);
    expect(bad.message).toMatch(/^status: /);
    const noId = await h.rpcError(S.cmd.setMarketStatus, { market: 'BTC-USDT', status: 'HALTED' });
    expect(noId.code).toBe(WALLET_RPC_ERRORS.VALIDATION_FAILED);
    expect(await state()).toBe(before);
  });

  it('CANCEL_ONLY: new orders are refused, a cancel of a working order still goes through', async () => {
    const reply = await h.rpc<MarketStatusReply>(S.cmd.setMarketStatus, {
      market: 'BTC-USDT',
      status: 'CANCEL_ONLY',
      commandId: 'cancel-only-1',
    });
    expect(reply).toMatchObject({ status: 'CANCEL_ONLY', previousStatus: 'HALTED', duplicate: false });
    expect(await statusOf('BTC-USDT')).toBe('CANCEL_ONLY');

    const submit = await h.rpcError(S.cmd.submitOrder, buy());
    expect(submit).toEqual({
      code: WALLET_RPC_ERRORS.MARKET_NOT_TRADING,
      message: 'BTC-USDT is CANCEL_ONLY',
    });
    const cancel = await h.rpc<CancelOrderReply>(S.cmd.cancelOrder, {
      userId: 'olga',
      symbol: 'BTC-USDT',
      orderId: resting.orderId,
    });
    expect(cancel).toMatchObject({ orderId: resting.orderId, status: 'CANCEL_REQUESTED' });

    const commands = await waitFor(async () => {
      const all = await h.commands();
      return all.some((c) => c.message.commandId === `cancel:${resting.orderId}`) && all;
    });
    const ids = commands.map((c) => c.message.commandId);
    expect(ids.indexOf(`cancel:${resting.orderId}`)).toBeGreaterThan(ids.indexOf('cancel-only-1'));
    expect((await statusCommands()).map((c) => [c.msgId, c.message.command])).toEqual([
      ['halt-1', expect.objectContaining({ status: 'HALTED' })],
      ['cancel-only-1', expect.objectContaining({ status: 'CANCEL_ONLY' })],
    ]);
  });

  it('resume: orders are accepted again and reach the engine after the TRADING command', async () => {
    const reply = await h.rpc<MarketStatusReply>(S.cmd.setMarketStatus, {
      market: 'BTC-USDT',
      status: 'TRADING',
      commandId: 'resume-1',
    });
    expect(reply).toMatchObject({ status: 'TRADING', previousStatus: 'CANCEL_ONLY', duplicate: false });
    expect(await statusOf('BTC-USDT')).toBe('TRADING');

    const placed = await h.rpc<SubmitOrderReply>(S.cmd.submitOrder, buy());
    expect(placed).toMatchObject({ status: 'PENDING', duplicate: false });
    const commands = await waitFor(async () => {
      const all = await h.commands();
      return all.some((c) => c.message.commandId === placed.orderId) && all;
    });
    const ids = commands.map((c) => c.message.commandId);
    expect(ids.indexOf(placed.orderId)).toBeGreaterThan(ids.indexOf('resume-1'));
    expect((await statusCommands()).map((c) => c.msgId)).toEqual(['halt-1', 'cancel-only-1', 'resume-1']);
    expect(
      (
        await h.query<{ command_id: string }>(
          `select command_id from market_status_change order by changed_at`,
        )
      ).map((r) => r.command_id),
    ).toEqual(['halt-1', 'cancel-only-1', 'resume-1']);
  });
});

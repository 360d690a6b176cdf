import {
  type Client,
  credentials,
  loadPackageDefinition,
  Metadata,
  type ServiceClientConstructor,
  type ServiceError,
  status,
} from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { connect, type NatsConnection } from 'nats';

import { WALLET_SUBJECTS } from '@exchange/shared-contracts';
import {
  type Asset__Output,
  decodeStatus,
  type Deposit__Output,
  type FundingProto,
  GRPC_LOADER_OPTIONS,
  GRPC_PROTO_FILES,
  GRPC_STATUS_DETAILS_KEY,
  type GrpcSigningKey,
  type RichStatus,
  signedCallMetadata,
  type Withdrawal__Output,
} from '@exchange/shared-contracts-grpc';
import { eventually, ExchangeHarness, type Trader } from '@exchange/shared-util-testing';

jest.setTimeout(180_000);

// The wallet watches the simulated chain (blocks only when the spec mines them, so every count is exact): deposit
// addresses and chain deposits exist. Withdrawals above 1 BTC wait for an operator.
const harness = new ExchangeHarness({
  tag: 'gwfund',
  services: ['matching', 'users', 'wallet', 'gateway'],
  env: {
    wallet: {
      WALLET_CHAIN_WATCHER: 'simulated',
      WALLET_SIM_BLOCK_MS: '0',
      WALLET_CHAIN_POLL_MS: '100',
      WALLET_DEPOSIT_CONFIRMATIONS: '2',
      WALLET_WITHDRAWAL_APPROVAL_ABOVE: 'BTC=1',
    },
  },
});

type AnyClient = Client & Record<string, (...args: unknown[]) => unknown>;

/** An address of the simulated chain that is nobody's here: withdrawals to it are sent and never come back. */
const OUTSIDE = `sim1q${'ab'.repeat(19)}`;

let funding: AnyClient;
let nc: NatsConnection;
/** READ and WITHDRAW, usable from loopback only: may withdraw. */
let dave: Trader;
/** READ and WITHDRAW, usable from anywhere: may not withdraw (Binance's rule). */
let loose: Trader;
/** READ only, usable from loopback only (so that only the permission keeps it from withdrawing). */
let reader: Trader;

beforeAll(async () => {
  await harness.start();
  nc = await connect({ servers: harness.servers.nats });
  const definition = loadSync([...GRPC_PROTO_FILES], {
    ...GRPC_LOADER_OPTIONS,
    includeDirs: [...GRPC_LOADER_OPTIONS.includeDirs],
  });
  const proto = loadPackageDefinition(definition) as unknown as FundingProto;
  funding = new proto.exchange.funding.v1.FundingService(
    harness.grpc,
    credentials.createInsecure(),
  ) as unknown as AnyClient;
  [dave, loose, reader] = await Promise.all([
    harness.trader('fund-dave@example.com', {
      permissions: ['READ', 'WITHDRAW'],
      ipAllowList: ['127.0.0.1', '::1'],
    }),
    harness.trader('fund-loose@example.com', { permissions: ['READ', 'WITHDRAW'] }),
    harness.trader('fund-reader@example.com', { permissions: ['READ'], ipAllowList: ['127.0.0.1', '::1'] }),
  ]);
  await harness.faucet(dave, 'USDT', '1000');
  await harness.faucet(dave, 'BTC', '3');
  await harness.faucet(loose, 'USDT', '1000');
  await harness.faucet(reader, 'USDT', '100');
}, 240_000);

afterAll(async () => {
  funding?.close();
  await nc?.drain();
  await harness.stop();
}, 60_000);

/** A request to the wallet the way Nest's NATS transport frames it (the simulator has no public route). */
async function wallet<T>(subject: string, data: unknown): Promise<T> {
  const name = harness.names.subject(subject);
  const reply = await nc.request(name, JSON.stringify({ pattern: name, data, id: 'spec' }), {
    timeout: 30_000,
  });
  const body = reply.json<{ response?: T; err?: unknown }>();
  if (body.err) throw new Error(`${subject}: ${JSON.stringify(body.err)}`);
  return body.response as T;
}

const mine = (blocks: number) => wallet(WALLET_SUBJECTS.cmd.simMine, { blocks });

/** Signs `request` as docs/grpc.md says: method path, timestamp, window, and the request's bytes. */
function signedMetadata(method: string, request: object, key: GrpcSigningKey): Metadata {
  const definition = (funding.constructor as ServiceClientConstructor).service[method]!;
  const entries = signedCallMetadata(key, definition.path, definition.requestSerialize(request));
  const metadata = new Metadata();
  for (const [name, value] of Object.entries(entries)) metadata.set(name, value);
  return metadata;
}

interface Answer<T> {
  error: ServiceError | null;
  response?: T;
  trailers: Metadata;
}

/** A unary call with its trailing metadata (REST's headers) and its error, if any. */
function unary<T>(method: string, request: object, metadata: Metadata): Promise<Answer<T>> {
  return new Promise((resolve) => {
    let answer: { error: ServiceError | null; response?: T } | undefined;
    let trailers: Metadata | undefined;
    const done = () => {
      if (answer && trailers) resolve({ ...answer, trailers });
    };
    const call = funding[method]!(
      request,
      metadata,
      { deadline: new Date(Date.now() + 60_000) },
      (error: ServiceError | null, response: T) => {
        answer = { error, response };
        done();
      },
    ) as { on(event: 'status', listener: (s: { metadata: Metadata }) => void): void };
    call.on('status', (s) => {
      trailers = s.metadata;
      done();
    });
  });
}

/** A signed call that must succeed: its answer. */
async function call<T>(method: string, request: object, trader: Trader): Promise<T> {
  const { error, response } = await unary<T>(method, request, signedMetadata(method, request, trader.key));
  if (error) throw error;
  return response!;
}

/** A signed call that must fail: its gRPC code, Binance code (ErrorInfo) and message. */
async function refusal(
  method: string,
  request: object,
  trader: Trader | undefined,
): Promise<{ code: status; binanceCode: string | undefined; message: string; rich: RichStatus }> {
  const metadata = trader ? signedMetadata(method, request, trader.key) : new Metadata();
  const { error } = await unary(method, request, metadata);
  if (!error) throw new Error(`${method} succeeded`);
  const details = error.metadata.get(GRPC_STATUS_DETAILS_KEY)[0];
  const rich = details ? decodeStatus(details as Buffer) : { code: -1, message: '' };
  return {
    code: error.code,
    binanceCode: rich.errorInfo?.metadata['binance_code'],
    message: error.details,
    rich,
  };
}

const assetsOf = async (trader: Trader) =>
  new Map((await call<{ assets: Asset__Output[] }>('GetAssets', {}, trader)).assets.map((a) => [a.asset, a]));

/** The trader's balances as REST's /api/v1/balances reads them (free, locked), by asset. */
const balances = (trader: Trader) => harness.balances(trader);

describe('FundingService reads (READ keys)', () => {
  it('GetAssets lists every asset with the caller’s balance, what is withdrawing and its network’s rules', async () => {
    const assets = await assetsOf(reader);
    expect([...assets.keys()]).toEqual(expect.arrayContaining(['BTC', 'ETH', 'USDT']));
    expect(assets.get('USDT')).toMatchObject({
      trading: true,
      depositEnabled: true,
      withdrawEnabled: true,
      withdrawing: '0.000000',
    });
    expect(Number(assets.get('USDT')!.free)).toBe(100);
    expect(Number(assets.get('BTC')!.free)).toBe(0);
    expect(assets.get('BTC')!.networks).toEqual([
      {
        network: 'BTC',
        isDefault: true,
        depositEnabled: true,
        withdrawEnabled: true,
        depositDescription: '',
        withdrawDescription: "Withdrawals above 1.00000000 BTC wait for an operator's approval.",
        withdrawFee: '0.00000000',
        withdrawMin: '0.00000001',
        withdrawMax: expect.stringMatching(/^9{30}\.9{8}$/),
        withdrawIntegerMultiple: '0.00000001',
        minConfirmations: 2,
        unlockConfirmations: 2,
        addressRegex: '^[\\x21-\\x7e]{1,128}$',
      },
    ]);
    // Another caller sees its own balances.
    expect(Number((await assetsOf(dave)).get('BTC')!.free)).toBe(3);
  });

  it('GetDepositAddress answers the caller’s address of an asset, the same every time, and checks like REST', async () => {
    const first = await call<{ asset: string; address: string; tag: string }>(
      'GetDepositAddress',
      { asset: 'BTC' },
      reader,
    );
    expect(first).toEqual({ asset: 'BTC', address: expect.stringMatching(/^sim1q[0-9a-f]{38}$/), tag: '' });
    const again = await call<{ address: string }>(
      'GetDepositAddress',
      { asset: 'BTC', network: 'BTC' },
      reader,
    );
    expect(again.address).toBe(first.address);
    // REST's own answer for the same caller is the same address.
    const web = await harness.v1<{ address: string }>(
      'GET',
      '/deposits/address?coin=BTC',
      reader.accessToken,
    );
    expect(web.body.address).toBe(first.address);
    const eth = await call<{ address: string }>('GetDepositAddress', { asset: 'ETH' }, reader);
    expect(eth.address).not.toBe(first.address);
    const others = await call<{ address: string }>('GetDepositAddress', { asset: 'BTC' }, dave);
    expect(others.address).not.toBe(first.address);

    const cases: [object, string][] = [
      [{}, '-1102'],
      [{ asset: 'btc!' }, '-1130'],
      [{ asset: 'DOGE' }, '-1130'],
      [{ asset: 'BTC', network: 'ETH' }, '-1130'],
    ];
    for (const [request, binanceCode] of cases) {
      const refused = await refusal('GetDepositAddress', request, reader);
      expect({ request, code: refused.code, binanceCode: refused.binanceCode }).toEqual({
        request,
        code: status.INVALID_ARGUMENT,
        binanceCode,
      });
    }
  });

  it('ListDeposits shows a chain deposit pending with its confirmations, then credited; filters as REST', async () => {
    // Somebody outside pays the caller's ETH address on the simulated chain (the demo's route).
    const sent = await harness.v1<{ txid: string; vout: number; address: string }>(
      'POST',
      '/deposits/simulate',
      reader.accessToken,
      { asset: 'ETH', amount: '0.4' },
    );
    expect(sent.status).toBe(201);
    const txId = `${sent.body.txid}:${sent.body.vout}`;
    await mine(1);
    const list = (request: object) => call<{ deposits: Deposit__Output[] }>('ListDeposits', request, reader);
    const pending = await eventually(
      () => list({ asset: 'ETH' }),
      (r) => r.deposits.length === 1 && r.deposits[0]!.confirmations === 1,
    );
    expect(pending.deposits[0]).toEqual({
      depositId: txId,
      asset: 'ETH',
      network: 'ETH',
      amount: '0.400000000000000000',
      status: 'DEPOSIT_STATUS_PENDING',
      address: sent.body.address,
      txId,
      confirmations: 1,
      requiredConfirmations: 2,
      insertTimeMs: expect.stringMatching(/^\d{13}$/),
      completeTimeMs: '0',
    });
    expect((await list({ status: 'DEPOSIT_STATUS_CONFIRMED', asset: 'ETH' })).deposits).toEqual([]);
    expect(Number((await assetsOf(reader)).get('ETH')!.free)).toBe(0);

    await mine(1);
    const credited = await eventually(
      () => list({ status: 'DEPOSIT_STATUS_CONFIRMED', asset: 'ETH' }),
      (r) => r.deposits.length === 1,
    );
    expect(credited.deposits[0]).toMatchObject({
      txId,
      status: 'DEPOSIT_STATUS_CONFIRMED',
      confirmations: 2,
    });
    expect(Number(credited.deposits[0]!.completeTimeMs)).toBeGreaterThanOrEqual(
      Number(credited.deposits[0]!.insertTimeMs),
    );
    expect((await list({ status: 'DEPOSIT_STATUS_PENDING' })).deposits).toEqual([]);
    expect(Number((await assetsOf(reader)).get('ETH')!.free)).toBe(0.4);
    expect((await balances(reader)).ETH).toEqual({
      free: '0.400000000000000000',
      locked: '0.000000000000000000',
    });

    // Every deposit, newest first: the chain's and the faucet's (no txId, no confirmations).
    const all = (await list({})).deposits;
    expect(all.map((d) => [d.asset, Number(d.amount), d.status, d.txId])).toEqual([
      ['ETH', 0.4, 'DEPOSIT_STATUS_CONFIRMED', txId],
      ['USDT', 100, 'DEPOSIT_STATUS_CONFIRMED', ''],
    ]);
    expect((await list({ txId })).deposits.map((d) => d.depositId)).toEqual([txId]);
    expect((await list({ limit: 1, offset: 1 })).deposits.map((d) => d.asset)).toEqual(['USDT']);
    const [eth] = all;
    expect((await list({ startTimeMs: eth!.insertTimeMs })).deposits.map((d) => d.asset)).toEqual(['ETH']);
    expect(
      (await list({ endTimeMs: String(Number(eth!.insertTimeMs) - 1) })).deposits.map((d) => d.asset),
    ).toEqual(['USDT']);
    // Another caller's deposits are not listed.
    expect(
      (await call<{ deposits: Deposit__Output[] }>('ListDeposits', { asset: 'ETH' }, dave)).deposits,
    ).toEqual([]);

    const cases: [object, string][] = [
      [{ asset: 'US DT' }, '-1130'],
      [{ startTimeMs: '5', endTimeMs: '1' }, '-1130'],
      [{ limit: 1001 }, '-1102'],
      [{ startTimeMs: '-1' }, '-1100'],
      // A status this proto does not name (a newer client's) is refused, not read as another.
      [{ status: 9 }, '-1130'],
    ];
    for (const [request, binanceCode] of cases) {
      const refused = await refusal('ListDeposits', request, reader);
      expect({ request, code: refused.code, binanceCode: refused.binanceCode }).toEqual({
        request,
        code: status.INVALID_ARGUMENT,
        binanceCode,
      });
    }
  });

  it('counts REST’s request weight for each call', async () => {
    const weightOf = async (method: string, request: object) => {
      const { error, trailers } = await unary(method, request, signedMetadata(method, request, reader.key));
      expect(error).toBeNull();
      return Number(trailers.get('x-mbx-used-weight-1m')[0]);
    };
    const sequence: [string, object, number][] = [
      ['ListDeposits', {}, 1],
      ['ListWithdrawals', {}, 10],
      ['GetAssets', {}, 10],
      ['GetDepositAddress', { asset: 'BTC' }, 10],
    ];
    let deltas: number[] = [];
    // A new minute between two calls restarts the count: the sequence is tried again then.
    for (let attempt = 0; attempt < 3; attempt++) {
      const minute = Math.floor(Date.now() / 60_000);
      let before = await weightOf('ListDeposits', {});
      deltas = [];
      for (const [method, request] of sequence) {
        const used = await weightOf(method, request);
        deltas.push(used - before);
        before = used;
      }
      if (Math.floor(Date.now() / 60_000) === minute) break;
    }
    expect(deltas).toEqual(sequence.map(([, , weight]) => weight));
  });

  it('refuses an unsigned call (UNAUTHENTICATED -2014)', async () => {
    const refused = await refusal('GetAssets', {}, undefined);
    expect([refused.code, refused.binanceCode]).toEqual([status.UNAUTHENTICATED, '-2014']);
  });
});

describe('FundingService.Withdraw (WITHDRAW keys restricted to IP addresses)', () => {
  const usdtFree = async (trader: Trader) => Number((await balances(trader)).USDT?.free ?? 0);
  const withdrawals = async (trader: Trader, request: object = {}) =>
    (await call<{ withdrawals: Withdrawal__Output[] }>('ListWithdrawals', request, trader)).withdrawals;

  it('takes a withdrawal once per client id: a retry answers the same id and moves nothing twice', async () => {
    const request = { asset: 'USDT', address: OUTSIDE, amount: '125.5', clientWithdrawalId: 'dave-g-1' };
    const first = await call<{ withdrawalId: string }>('Withdraw', request, dave);
    expect(first.withdrawalId).toMatch(/.+/);
    expect(await usdtFree(dave)).toBe(874.5);

    const again = await call<{ withdrawalId: string }>('Withdraw', request, dave);
    expect(again).toEqual(first);
    expect(await usdtFree(dave)).toBe(874.5);
    // The same client id with another amount: the wallet's 2102, nothing moves.
    const changed = await refusal('Withdraw', { ...request, amount: '100' }, dave);
    expect([changed.code, changed.binanceCode]).toEqual([status.INVALID_ARGUMENT, '2102']);
    expect(await usdtFree(dave)).toBe(874.5);

    const listed = await withdrawals(dave);
    expect(listed).toEqual([
      {
        withdrawalId: first.withdrawalId,
        clientWithdrawalId: 'dave-g-1',
        asset: 'USDT',
        network: 'USDT',
        amount: '125.500000',
        transactionFee: expect.any(String),
        address: OUTSIDE,
        // Requested, or already sent on the simulated chain (nothing is mined here, so not completed).
        status: 'WITHDRAWAL_STATUS_PROCESSING',
        txId: expect.any(String),
        confirmations: 0,
        info: '',
        applyTimeMs: expect.stringMatching(/^\d{13}$/),
        completeTimeMs: '0',
      },
    ]);
    // PROCESSING finds it whether it is requested or already sent.
    const processing = await withdrawals(dave, { status: 'WITHDRAWAL_STATUS_PROCESSING' });
    expect(processing.map((w) => w.withdrawalId)).toEqual([first.withdrawalId]);
    const byClientId = await withdrawals(dave, { clientWithdrawalId: 'dave-g-1' });
    expect(byClientId.map((w) => w.withdrawalId)).toEqual([first.withdrawalId]);
    expect(await withdrawals(dave, { clientWithdrawalId: 'nobody' })).toEqual([]);
    expect(await withdrawals(dave, { withdrawalIds: [first.withdrawalId, 'other'] })).toHaveLength(1);
    expect(await withdrawals(dave, { withdrawalIds: ['other'] })).toEqual([]);
    // It is what GetAssets counts as withdrawing.
    expect(Number((await assetsOf(dave)).get('USDT')!.withdrawing)).toBe(125.5);
    // Another caller's withdrawals are not listed, even by id.
    expect(await withdrawals(reader, { clientWithdrawalId: 'dave-g-1' })).toEqual([]);
  });

  it('holds a withdrawal above the approval threshold for an operator; the status filter finds it', async () => {
    const large = await call<{ withdrawalId: string }>(
      'Withdraw',
      { asset: 'BTC', network: 'BTC', address: OUTSIDE, amount: '1.25' },
      dave,
    );
    expect((await balances(dave)).BTC?.free).toBe('1.75000000');
    const waiting = await withdrawals(dave, { status: 'WITHDRAWAL_STATUS_AWAITING_APPROVAL' });
    expect(waiting.map((w) => [w.withdrawalId, w.asset, w.clientWithdrawalId, w.status])).toEqual([
      [large.withdrawalId, 'BTC', '', 'WITHDRAWAL_STATUS_AWAITING_APPROVAL'],
    ]);
    expect((await withdrawals(dave, { asset: 'BTC' })).map((w) => w.withdrawalId)).toEqual([
      large.withdrawalId,
    ]);
    expect(await withdrawals(dave, { status: 'WITHDRAWAL_STATUS_COMPLETED' })).toEqual([]);
    expect((await withdrawals(dave)).map((w) => w.asset)).toEqual(['BTC', 'USDT']);
  });

  it('accepts a signature once: a replayed Withdraw is refused and moves nothing', async () => {
    const before = await usdtFree(dave);
    const request = { asset: 'USDT', address: OUTSIDE, amount: '1', clientWithdrawalId: 'dave-g-replay' };
    const metadata = signedMetadata('Withdraw', request, dave.key);
    const first = await unary<{ withdrawalId: string }>('Withdraw', request, metadata);
    expect(first.error).toBeNull();
    const replay = await unary('Withdraw', request, metadata);
    expect(replay.error?.code).toBe(status.UNAUTHENTICATED);
    expect(
      replay.error && decodeStatus(replay.error.metadata.get(GRPC_STATUS_DETAILS_KEY)[0] as Buffer),
    ).toMatchObject({ errorInfo: { reason: 'INVALID_SIGNATURE', metadata: { binance_code: '-1022' } } });
    expect(await usdtFree(dave)).toBe(before - 1);
  });

  it('refuses a READ-only key and a WITHDRAW key usable from anywhere (UNAUTHENTICATED -2015), moving nothing', async () => {
    const request = { asset: 'USDT', address: OUTSIDE, amount: '10', clientWithdrawalId: 'refused-1' };
    const readOnly = await refusal('Withdraw', request, reader);
    expect([readOnly.code, readOnly.binanceCode, readOnly.rich.errorInfo?.reason]).toEqual([
      status.UNAUTHENTICATED,
      '-2015',
      'REJECTED_MBX_KEY',
    ]);
    // Refused by the key check (the permission), not by the allow-list rule of withdrawals.
    expect(readOnly.message).toBe('Invalid API-key, IP, or permissions for action.');
    expect(await usdtFree(reader)).toBe(100);

    const anywhere = await refusal('Withdraw', request, loose);
    expect([anywhere.code, anywhere.binanceCode]).toEqual([status.UNAUTHENTICATED, '-2015']);
    expect(anywhere.message).toMatch(/restricted to trusted IP addresses/);
    expect(await usdtFree(loose)).toBe(1000);
    expect(await withdrawals(loose)).toEqual([]);
    expect(await withdrawals(reader)).toEqual([]);
  });

  it('refuses bad input as INVALID_ARGUMENT with REST’s codes, moving nothing', async () => {
    const before = await balances(dave);
    const listed = (await withdrawals(dave)).length;
    const order = { asset: 'USDT', address: OUTSIDE, amount: '10' };
    const cases: [Record<string, string>, string][] = [
      [{ address: OUTSIDE, amount: '1' }, '-1102'],
      [{ asset: 'USDT', amount: '1' }, '-1102'],
      [{ asset: 'USDT', address: OUTSIDE }, '-1102'],
      [{ ...order, asset: 'DOGE' }, '-1130'],
      [{ ...order, asset: 'US DT' }, '-1130'],
      [{ ...order, network: 'TRX' }, '-1130'],
      [{ ...order, address: 'has space' }, '-1130'],
      [{ ...order, amount: '-1' }, '-1100'],
      [{ ...order, amount: '0' }, '-1130'],
      [{ ...order, amount: '1.0000001' }, '-1130'],
      [{ ...order, amount: '1e3' }, '-1100'],
      [{ ...order, clientWithdrawalId: 'no spaces allowed' }, '-1100'],
      // More than the balance: the wallet's refusal.
      [{ ...order, amount: '5000' }, '2101'],
    ];
    for (const [request, binanceCode] of cases) {
      const refused = await refusal('Withdraw', request, dave);
      expect({ request, code: refused.code, binanceCode: refused.binanceCode }).toEqual({
        request,
        code: status.INVALID_ARGUMENT,
        binanceCode,
      });
    }
    expect(await balances(dave)).toEqual(before);
    expect(await withdrawals(dave)).toHaveLength(listed);
  });
});

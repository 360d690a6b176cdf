import { randomBytes } from 'node:crypto';

import { type INestApplication } from '@nestjs/common';
import { ClientProxyFactory, type ClientProxy, Transport } from '@nestjs/microservices';
import { connect, type JetStreamManager, type NatsConnection, type StreamState } from 'nats';
import { Client } from 'pg';
import { firstValueFrom } from 'rxjs';

import {
  cmdSubject,
  evtSubject,
  matchingCommandBatchMessageSchema,
  type MatchingCommandMessage,
  matchingCommandMessageSchema,
  type MatchingEventBatch,
  matchingEventBatchSchema,
  type MatchingEventMessage,
  STREAMS,
  type DepositReply,
  type SubmitOrderReply,
  WALLET_SUBJECTS,
  type WalletRpcError,
} from '@exchange/shared-contracts';
import { JetStreamAdmin, NatsNames } from '@exchange/shared-data-access-nats';
import { createDatabase, databaseUrl, dropDatabase } from '@exchange/shared-data-access-postgres';
import { createServiceApp } from '@exchange/shared-feature-runtime';
import { loadConfig } from '@exchange/shared-util-config';
import { createLogger } from '@exchange/shared-util-logging';
import { type ServiceProcess, startServiceProcess } from '@exchange/shared-util-testing';

import { AppModule } from '../../src/app.module';
import { walletConfigSchema } from '../../src/config/wallet.config';

const SERVER_URL = process.env.DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

/** How a submission ended: the wallet's reply, or the code it was refused with. */
export type SubmitOutcome = { ok: true; reply: SubmitOrderReply } | { ok: false; code: number };

/** A LIMIT buy of 1 BTC at `price` USDT: it holds price × 1.001 USDT (taker-fee headroom). */
export const limitBuy = (userId: string, clientOrderId: string, price = '300.00') => ({
  userId,
  clientOrderId,
  symbol: 'BTC-USDT',
  side: 'BUY',
  type: 'LIMIT',
  price,
  quantity: '1',
});

export interface StoredCommand {
  msgId: string | undefined;
  subject: string;
  message: MatchingCommandMessage;
  /** Set when the command came in a batch message (`matchingCommandBatchMessageSchema`, `msgId` = the batch id). */
  batchId?: string;
}

/**
 * The wallet running in this test process against real PostgreSQL and NATS, with its own database
 * (`t_wallet_<pid>_<rand>`) and stream/subject prefix; `close()` removes both.
 */
export class WalletHarness {
  /** The wallet as a separate process (`startProcess`), for crash tests. */
  process?: ServiceProcess;

  private constructor(
    readonly run: string,
    readonly app: INestApplication | undefined,
    readonly client: ClientProxy,
    readonly db: Client,
    readonly nc: NatsConnection,
    readonly jsm: JetStreamManager,
    readonly names: NatsNames,
  ) {}

  /** Starts the wallet in this process (`inProcess`), or only prepares the run for `startProcess`. */
  static async start(env: Record<string, string> = {}, inProcess = true): Promise<WalletHarness> {
    const run = `t_wallet_${process.pid}_${randomBytes(3).toString('hex')}`;
    await createDatabase(SERVER_URL, run);
    const fullEnv = WalletHarness.env(run, env);
    const client = ClientProxyFactory.create({ transport: Transport.NATS, options: { servers: [NATS_URL] } });
    await client.connect();
    const db = new Client({ connectionString: databaseUrl(SERVER_URL, run) });
    await db.connect();
    const nc = await connect({ servers: NATS_URL });
    const jsm = await nc.jetstreamManager();
    const app = inProcess ? await WalletHarness.createApp(fullEnv) : undefined;
    const harness = new WalletHarness(run, app, client, db, nc, jsm, new NatsNames(run));
    harness.extraEnv = env;
    return harness;
  }

  private extraEnv: Record<string, string> = {};

  private static env(run: string, env: Record<string, string>): Record<string, string> {
    return {
      DATABASE_URL: databaseUrl(SERVER_URL, run),
      NATS_URL,
      NATS_STREAM_PREFIX: run,
      HTTP_PORT: '0',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'fatal',
      WALLET_OUTBOX_POLL_MS: '100',
      ...env,
    };
  }

  /** Starts the real service process (`apps/wallet/src/main.ts`) and waits until it listens. */
  async startProcess(env: Record<string, string> = {}): Promise<ServiceProcess> {
    const child = startServiceProcess('apps/wallet/src/main.ts', {
      ...WalletHarness.env(this.run, { ...this.extraEnv, ...env }),
      LOG_LEVEL: 'info',
    });
    await child.waitForLog((line) => line.msg === 'listening');
    this.process = child;
    return child;
  }

  private static async createApp(env: Record<string, string>): Promise<INestApplication> {
    const config = loadConfig(walletConfigSchema, env);
    const logger = createLogger({ service: 'wallet', level: config.LOG_LEVEL });
    const app = await createServiceApp(
      {
        service: 'wallet',
        configSchema: walletConfigSchema,
        module: (c, l) => AppModule.forRoot(c as never, l),
        natsQueue: 'wallet',
      },
      config,
      logger,
    );
    await app.startAllMicroservices();
    await app.init();
    return app;
  }

  async close(): Promise<void> {
    await this.app?.close();
    await this.process?.stop('SIGKILL');
    this.client.close();
    await this.db.end();
    const admin = new JetStreamAdmin(this.jsm, this.names);
    await admin.deleteStream(STREAMS.CMD.name);
    await admin.deleteStream(STREAMS.EVT.name);
    await this.nc.drain();
    await dropDatabase(SERVER_URL, this.run);
  }

  /** A request over NATS to the wallet's (prefixed) subject. */
  rpc<T>(subject: string, payload: unknown): Promise<T> {
    return firstValueFrom(this.client.send<T>(this.names.subject(subject), payload));
  }

  /** Demo funds for a user: a faucet deposit under a key of its own, or under `idempotencyKey` to repeat one. */
  faucet(
    userId: string,
    asset: string,
    amount: string,
    idempotencyKey = `faucet-${++this.faucets}`,
  ): Promise<DepositReply> {
    return this.rpc<DepositReply>(WALLET_SUBJECTS.cmd.faucetDeposit, {
      userId,
      asset,
      amount,
      idempotencyKey,
    });
  }

  private faucets = 0;

  /** An order submission that settles either way, so that many can be awaited together. */
  submitOrder(payload: unknown): Promise<SubmitOutcome> {
    return this.rpc<SubmitOrderReply>(WALLET_SUBJECTS.cmd.submitOrder, payload).then(
      (reply) => ({ ok: true as const, reply }),
      (error: { code: number }) => ({ ok: false as const, code: error.code }),
    );
  }

  /** The error a request is refused with (fails the test when it succeeds). */
  async rpcError(subject: string, payload: unknown): Promise<WalletRpcError> {
    try {
      const reply = await this.rpc<unknown>(subject, payload);
      throw new Error(`expected a refusal, got ${JSON.stringify(reply)}`);
    } catch (error) {
      if (error instanceof Error) throw error;
      return error as WalletRpcError;
    }
  }

  /** The last engine event sequence the wallet has settled in `market` (its cursor); 0 before any. */
  async settledSeq(market: string): Promise<number> {
    const [row] = await this.query<{ last_seq: string }>(
      `select last_seq::text from market_event_cursor where market = $1`,
      [market],
    );
    return Number(row?.last_seq ?? 0);
  }

  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.db.query(sql, params)).rows as T[];
  }

  /**
   * Runs statements in one transaction on the harness's own connection (the schema's checks run at statement end or
   * at commit): the error of the first refused statement or of the commit, else undefined (committed).
   */
  async inTransaction(...statements: string[]): Promise<string | undefined> {
    await this.db.query('begin');
    try {
      for (const sql of statements) await this.db.query(sql);
      await this.db.query('commit');
      return undefined;
    } catch (error) {
      await this.db.query('rollback');
      return (error as Error).message;
    }
  }

  /** Running balance of an account by its ledger id (`user:<id>:<asset>:<kind>`, `venue:<kind>:<asset>`), in minor units. */
  async balance(accountId: string): Promise<bigint> {
    const [row] = await this.query<{ balance: string }>(
      'select balance::text as balance from ledger_account where account_id = $1',
      [accountId],
    );
    return BigInt(row?.balance ?? '0');
  }

  /** Everything that money movements touch, to prove that a refused request changed nothing. */
  async snapshot(): Promise<string> {
    // The relay deletes what it publishes: once the outbox is empty, what was ever queued is in CMD.
    await waitFor(async () => (await this.query(`select 1 from outbox limit 1`)).length === 0);
    const parts: unknown[] = [await this.cmdMessages()];
    for (const sql of [
      `select account_id, balance::text from ledger_account order by 1`,
      `select count(*) from journal_entry`,
      `select count(*) from wallet_order`,
      `select count(*) from withdrawal`,
      `select count(*) from deposit`,
      `select order_id, amount::text, status from hold order by 1`,
      `select market, last_seq from market_event_cursor order by 1`,
    ])
      parts.push(await this.query(sql));
    return JSON.stringify(parts);
  }

  /** Publishes an event batch to this run's EVT stream, validated by the contract first. */
  async publishEvents(batch: MatchingEventBatch): Promise<void> {
    const valid = matchingEventBatchSchema.parse(batch);
    const js = this.nc.jetstream();
    await js.publish(this.names.subject(evtSubject(valid.market)), JSON.stringify(valid));
  }

  /** Collects what arrives on a core NATS subject (with the run prefix) from now on. */
  listen(subject: string): unknown[] {
    const received: unknown[] = [];
    const sub = this.nc.subscribe(this.names.subject(subject));
    void (async () => {
      for await (const m of sub) received.push(m.json());
    })();
    return received;
  }

  /** This run's CMD stream's state (undefined before the stream exists). */
  private async cmdState(): Promise<StreamState | undefined> {
    try {
      return (await this.jsm.streams.info(this.names.stream(STREAMS.CMD.name))).state;
    } catch {
      return undefined;
    }
  }

  /** How many messages this run's CMD stream holds (none before the stream exists). */
  async cmdMessages(): Promise<number> {
    return (await this.cmdState())?.messages ?? 0;
  }

  /** Every command in this run's CMD stream, in stream order. */
  async commands(): Promise<StoredCommand[]> {
    const stream = this.names.stream(STREAMS.CMD.name);
    const state = await this.cmdState();
    if (!state) return [];
    const out: StoredCommand[] = [];
    for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq++) {
      const m = await this.jsm.streams.getMessage(stream, { seq });
      const json = m.json<Record<string, unknown>>();
      const msgId = m.header?.get('Nats-Msg-Id');
      if (!('commands' in json)) {
        out.push({ msgId, subject: m.subject, message: matchingCommandMessageSchema.parse(json) });
        continue;
      }
      // A batch: one entry per command, in order (a place's commandId is its order id, as when sent alone).
      const batch = matchingCommandBatchMessageSchema.parse(json);
      for (const command of batch.commands) {
        const commandId = 'orderId' in command ? command.orderId : batch.batchId;
        out.push({
          msgId,
          subject: m.subject,
          message: { v: 1, market: batch.market, commandId, command },
          batchId: batch.batchId,
        });
      }
    }
    return out;
  }

  /**
   * Puts commands already in `CMD` back into the outbox as the rows they were published from (a batch's rows keep
   * its id): what a relay that crashed between JetStream's acknowledgement and its commit leaves behind.
   */
  async requeue(commands: readonly StoredCommand[]): Promise<void> {
    await this.query(
      `insert into outbox (message_id, subject, payload, batch_id)
       select * from unnest($1::varchar[], $2::varchar[], $3::jsonb[], $4::varchar[])`,
      [
        commands.map((c) => (c.batchId ? c.message.commandId : c.msgId)),
        commands.map((c) => cmdSubject(c.message.market)),
        commands.map((c) => JSON.stringify(c.message)),
        commands.map((c) => c.batchId ?? null),
      ],
    );
  }
}

/** Polls until `check` returns a value that is not undefined/false, or throws after `timeoutMs`. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The group specs' orders (cancels, amends): `userId` gets 10,000 USDT and places four BTC-USDT buys `a1`–`a4` and an
 * ETH-USDT buy `e1` (`limitBuy`: 1 at 300 each); `a4` is then ended by the engine (accepted, then cancelled), so it
 * is no longer open. The replies by client order id.
 */
export async function placeGroupOrders(
  h: WalletHarness,
  userId: string,
): Promise<Record<string, SubmitOrderReply>> {
  const placed: Record<string, SubmitOrderReply> = {};
  await h.faucet(userId, 'USDT', '10000');
  for (const id of ['a1', 'a2', 'a3', 'a4']) {
    placed[id] = await h.rpc<SubmitOrderReply>(WALLET_SUBJECTS.cmd.submitOrder, limitBuy(userId, id));
  }
  placed.e1 = await h.rpc<SubmitOrderReply>(WALLET_SUBJECTS.cmd.submitOrder, {
    ...limitBuy(userId, 'e1'),
    symbol: 'ETH-USDT',
  });
  const ts = 1_700_000_000_000;
  const orderId = placed.a4!.orderId;
  const events: MatchingEventMessage[] = [
    {
      type: 'accepted',
      seq: 1,
      ts,
      orderId,
      userId,
      side: 'BUY',
      orderType: 'LIMIT',
      timeInForce: 'GTC',
      price: 30_000,
      quantity: 10_000,
      stp: 'NONE',
    },
    { type: 'cancelled', seq: 2, ts, orderId, userId, reason: 'USER_CANCEL', remaining: 10_000 },
  ];
  await h.publishEvents({ v: 1, market: 'BTC-USDT', firstSeq: 1, lastSeq: 2, commandSeq: 1, events });
  await waitFor(async () => {
    const [row] = await h.query<{ status: string }>(`select status from wallet_order where order_id = $1`, [
      orderId,
    ]);
    return row?.status === 'CANCELLED';
  });
  return placed;
}

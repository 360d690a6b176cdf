import { randomBytes } from 'node:crypto';

import { connect, type NatsConnection, StringCodec } from 'nats';

import { type MarketStatusReply, WALLET_SUBJECTS } from '@exchange/shared-contracts';
import { JetStreamAdmin, NatsNames } from '@exchange/shared-data-access-nats';
import { createDatabase, databaseUrl, dropDatabase } from '@exchange/shared-data-access-postgres';
import { createRedisClient, deleteKeysWithPrefix } from '@exchange/shared-data-access-redis';
import { type ServiceProcess, startServiceProcess } from '@exchange/shared-util-testing';

const SERVER_URL = process.env.DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const run = `t_gw_mstatus_${process.pid}_${randomBytes(3).toString('hex')}`;
const names = new NatsNames(run);
const codec = StringCodec();

/**
 * exchangeInfo shows what the wallet's market table says: an operator's status change through the wallet
 * (`wallet.cmd.market-status.v1`, what `exchangectl market …` sends) is in the next exchangeInfo answer.
 * The wallet and the gateway run as real processes under one run prefix.
 */
describe('gateway exchangeInfo after a market status change in the wallet', () => {
  let wallet: ServiceProcess;
  let gateway: ServiceProcess;
  let base: string;
  let nc: NatsConnection;

  /** The wallet command in NestJS's NATS envelope on the run's prefixed subject. */
  async function setStatus(status: string, commandId: string): Promise<MarketStatusReply> {
    const subject = names.subject(WALLET_SUBJECTS.cmd.setMarketStatus);
    const reply = await nc.request(
      subject,
      codec.encode(
        JSON.stringify({ pattern: subject, id: commandId, data: { market: 'BTC-USDT', status, commandId } }),
      ),
      { timeout: 10_000 },
    );
    const envelope = JSON.parse(codec.decode(reply.data)) as { response?: MarketStatusReply; err?: unknown };
    if (!envelope.response) throw new Error(`refused: ${JSON.stringify(envelope.err)}`);
    return envelope.response;
  }

  async function btcStatus(): Promise<string> {
    const res = await fetch(`${base}/api/v3/exchangeInfo?symbol=BTCUSDT`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { symbols: { symbol: string; status: string }[] };
    return body.symbols.find((s) => s.symbol === 'BTCUSDT')!.status;
  }

  beforeAll(async () => {
    await createDatabase(SERVER_URL, run);
    wallet = startServiceProcess('apps/wallet/src/main.ts', {
      DATABASE_URL: databaseUrl(SERVER_URL, run),
      NATS_URL,
      NATS_STREAM_PREFIX: run,
      HTTP_PORT: '0',
      LOG_LEVEL: 'info',
    });
    gateway = startServiceProcess('apps/gateway/src/main.ts', {
      HTTP_PORT: '0',
      GRPC_PORT: '0',
      NATS_URL,
      NATS_STREAM_PREFIX: run,
      REDIS_URL,
      REDIS_KEY_PREFIX: `${run}:`,
    });
    await wallet.waitForLog((line) => line.msg === 'listening');
    const listening = await gateway.waitForLog((line) => line.msg === 'listening');
    base = `http://127.0.0.1:${listening.port as number}`;
    nc = await connect({ servers: NATS_URL });
  }, 120_000);

  afterAll(async () => {
    await gateway?.stop();
    await wallet?.stop();
    if (nc) {
      await new JetStreamAdmin(await nc.jetstreamManager(), names).deleteAllWithPrefix();
      await nc.close();
    }
    await dropDatabase(SERVER_URL, run);
    const redis = createRedisClient({ url: REDIS_URL, keyPrefix: `${run}:` });
    await deleteKeysWithPrefix(redis);
    await redis.quit();
  }, 60_000);

  it('shows HALT, then BREAK for cancel-only, then TRADING again', async () => {
    expect(await btcStatus()).toBe('TRADING');
    expect(await setStatus('HALTED', `halt-${run}`)).toMatchObject({ status: 'HALTED', duplicate: false });
    expect(await btcStatus()).toBe('HALT');
    await setStatus('CANCEL_ONLY', `cancel-only-${run}`);
    expect(await btcStatus()).toBe('BREAK');
    await setStatus('TRADING', `resume-${run}`);
    expect(await btcStatus()).toBe('TRADING');
  }, 60_000);
});

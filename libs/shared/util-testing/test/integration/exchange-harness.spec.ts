import Redis from 'ioredis';
import { connect } from 'nats';
import { Client } from 'pg';

import { ExchangeHarness, localServers } from '../../src';

jest.setTimeout(240_000);

/** What the run left on the servers: its databases, streams (KV buckets included) and Redis keys. */
async function leftovers(run: string): Promise<{ databases: string[]; streams: string[]; keys: string[] }> {
  const servers = localServers();
  const pg = new Client({ connectionString: servers.postgres });
  await pg.connect();
  const { rows } = await pg.query<{ datname: string }>(
    'select datname from pg_database where starts_with(datname, $1) order by datname',
    [run],
  );
  await pg.end();
  const nc = await connect({ servers: servers.nats });
  const streams: string[] = [];
  for await (const info of (await nc.jetstreamManager()).streams.list()) {
    if (info.config.name.includes(run)) streams.push(info.config.name);
  }
  await nc.close();
  const redis = new Redis(servers.redis);
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${run}:*`, 'COUNT', 500);
    keys.push(...found);
    cursor = next;
  } while (cursor !== '0');
  await redis.quit();
  return { databases: rows.map((r) => r.datname), streams, keys };
}

describe(ExchangeHarness.name, () => {
  it('starts the whole exchange, funds traders who trade through signed REST, and removes the run on stop', async () => {
    const sut = new ExchangeHarness({ tag: 'ut', markets: 'BTC-USDT' });
    try {
      await sut.start();
      expect(sut.listening.map((l) => l.app).sort()).toEqual(
        ['gateway', 'market-data', 'matching', 'users', 'wallet'].sort(),
      );
      expect(sut.base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(sut.grpc).toMatch(/^127\.0\.0\.1:\d+$/);

      const alice = await sut.fundedTrader('alice@example.com', { USDT: '10000' });
      const bob = await sut.fundedTrader('bob@example.com', { BTC: '1' });
      const order = { symbol: 'BTCUSDT', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.1', price: '30000' };
      const buy = await sut.signed<{ status: string }>('POST', 'order', { ...order, side: 'BUY' }, alice.key);
      expect({ status: buy.status, order: buy.body.status }).toEqual({ status: 200, order: 'NEW' });
      const sell = await sut.signed<{ status: string }>(
        'POST',
        'order',
        { ...order, side: 'SELL', newOrderRespType: 'RESULT' },
        bob.key,
      );
      expect({ status: sell.status, order: sell.body.status }).toEqual({ status: 200, order: 'FILLED' });
      // Unsigned: the gateway refuses a call without the key's signature.
      const unsigned = await sut.http('GET', '/api/v3/account', {
        headers: { 'X-MBX-APIKEY': alice.key.apiKey },
      });
      expect(unsigned.status).toBe(400);

      const during = await leftovers(sut.run);
      expect(during.databases).toEqual(sut.databaseNames.sort());
      expect(during.streams).toEqual(expect.arrayContaining([`${sut.run}CMD`, `${sut.run}EVT`]));
      expect(during.keys.length).toBeGreaterThan(0);
    } finally {
      await sut.stop();
    }
    expect(await leftovers(sut.run)).toEqual({ databases: [], streams: [], keys: [] });
    expect(sut.processes.map(({ process }) => process.child.exitCode)).toEqual([0, 0, 0, 0, 0]);
  });

  it('starts only the services asked for, with extra databases, and brings a killed one back on its port', async () => {
    const sut = new ExchangeHarness({ tag: 'ut', services: ['matching'], extraDatabases: ['extra'] });
    try {
      await sut.start();
      expect(sut.databaseNames).toEqual([`${sut.run}_matching`, `${sut.run}_extra`]);
      expect(sut.listening.map((l) => l.app)).toEqual(['matching']);
      expect(sut.base).toBe('');
      const first = sut.process('matching');
      const port = sut.listening[0]!.port;

      await sut.kill('matching');
      expect(first.child.signalCode).toBe('SIGKILL');
      await sut.restart('matching');
      expect(sut.process('matching')).not.toBe(first);
      expect(sut.listening.map((l) => l.port)).toEqual([port, port]);
      expect((await fetch(`http://127.0.0.1:${port}/health/live`)).status).toBe(200);
      expect(sut.errorLogs()).toEqual([]);
    } finally {
      await sut.stop();
    }
    expect(await leftovers(sut.run)).toEqual({ databases: [], streams: [], keys: [] });
  });
});

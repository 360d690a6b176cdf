import { type Book, eventually, getJson, StreamsHarness } from './streams.harness';

/**
 * REST depth and tickers from the gateway's own copies (MarketCacheService) against the real services: one gateway
 * answers from memory, another with the cache off (MARKET_CACHE_CHECK_MS=0) asks market-data for every read, and
 * both must give the same answers. BTC-USDT prices are in 0.01 ticks, quantities in 0.0001 lots.
 */
describe('gateway REST market reads from memory', () => {
  const harness = new StreamsHarness();
  let cached: string;
  let direct: string;

  /** `gateway_market_reads_total` of the cached gateway for one endpoint and source. */
  const reads = async (source: 'memory' | 'market-data', endpoint: string): Promise<number> => {
    const text = await (await fetch(`${cached}/metrics`)).text();
    const line = text
      .split('\n')
      .find(
        (l) =>
          l.startsWith('gateway_market_reads_total{') &&
          l.includes(`endpoint="${endpoint}"`) &&
          l.includes(`source="${source}"`),
      );
    return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
  };
  /** market-data's book once it has applied every command placed so far (its id stops moving). */
  const settled = async (path: string): Promise<Book> => {
    let previous = -1;
    const { book } = await eventually(
      async () => {
        await new Promise((resolve) => setTimeout(resolve, 300));
        const book = (await getJson(`${direct}${path}`)).body as Book;
        const done = book.lastUpdateId === previous;
        previous = book.lastUpdateId;
        return { book, done };
      },
      (r) => r.done,
    );
    return book;
  };

  beforeAll(async () => {
    await harness.start();
    cached = (await harness.gateway({ MARKET_CACHE_CHECK_MS: '200' })).http;
    direct = (await harness.gateway({ MARKET_CACHE_CHECK_MS: '0' })).http;
  }, 180_000);

  afterAll(async () => {
    await harness.stop();
  }, 60_000);

  it("answers depth from the book copy once it is warm, equal to market-data's answer at every limit", async () => {
    for (let i = 0; i < 6; i++) {
      await harness.place('BUY', 2_990_000 - i * 100, 1 + i);
      await harness.place('SELL', 3_010_000 + i * 100, 2 + i);
    }
    const path = '/api/v3/depth?symbol=BTCUSDT&limit=5';
    const book = await settled(path);
    // The first read starts the copy and asks market-data; later ones are answered from memory.
    const fromMarketData = await reads('market-data', 'depth');
    expect((await getJson(`${cached}${path}`)).body).toEqual(book);
    expect(await reads('market-data', 'depth')).toBe(fromMarketData + 1);
    const fromMemory = await reads('memory', 'depth');
    await eventually(
      async () => {
        await getJson(`${cached}${path}`);
        return reads('memory', 'depth');
      },
      (n) => n > fromMemory,
    );
    for (const limit of [1, 5, 100, 5000]) {
      const limited = `/api/v3/depth?symbol=BTCUSDT&limit=${limit}`;
      expect((await getJson(`${cached}${limited}`)).body).toEqual(
        (await getJson(`${direct}${limited}`)).body,
      );
    }
    // A trade takes a level away: the copy follows the diff.
    await harness.place('SELL', 2_990_000, 1, { ioc: true });
    const after = await settled(path);
    expect(after.lastUpdateId).toBeGreaterThan(book.lastUpdateId);
    const before = await reads('memory', 'depth');
    expect(
      await eventually(
        () => getJson(`${cached}${path}`),
        (r) => r.body.lastUpdateId === after.lastUpdateId,
      ),
    ).toMatchObject({ status: 200, body: after });
    expect(await reads('memory', 'depth')).toBeGreaterThan(before);
  }, 90_000);

  it("answers ticker/24hr, ticker/price and bookTicker from the ticker copy, equal to market-data's", async () => {
    const paths = [
      '/api/v3/ticker/24hr?symbol=BTCUSDT',
      '/api/v3/ticker/24hr',
      `/api/v3/ticker/24hr?symbols=${encodeURIComponent('["ETHBTC","BTCUSDT"]')}`,
      '/api/v3/ticker/price?symbol=BTCUSDT',
      '/api/v3/ticker/price',
      '/api/v3/ticker/bookTicker?symbol=BTCUSDT',
      `/api/v3/ticker/bookTicker?symbols=${encodeURIComponent('["BTCUSDT","ETHBTC"]')}`,
    ];
    // Warm: the first ticker read starts the copy.
    await getJson(`${cached}${paths[0]!}`);
    const fromMemory = await reads('memory', 'ticker/24hr');
    await eventually(
      async () => {
        await getJson(`${cached}${paths[0]!}`);
        return reads('memory', 'ticker/24hr');
      },
      (n) => n > fromMemory,
    );
    const compare = async () => {
      for (const path of paths) {
        const [mine, theirs] = await Promise.all([getJson(`${cached}${path}`), getJson(`${direct}${path}`)]);
        expect({ path, body: mine.body }).toEqual({ path, body: theirs.body });
      }
    };
    await compare();
    // A trade moves the ticker: the copy has it from market-data's ticker message.
    const before = (await getJson(`${direct}${paths[0]!}`)).body as { count: number };
    await harness.place('BUY', 3_010_000, 1, { ioc: true });
    await eventually(
      () => getJson(`${cached}${paths[0]!}`),
      (r) => (r.body as { count: number }).count === before.count + 1,
    );
    await compare();
    expect(await reads('memory', 'ticker/price')).toBeGreaterThan(0);
    expect(await reads('memory', 'ticker/bookTicker')).toBeGreaterThan(0);
    // An unknown symbol is still refused, by market-data.
    expect((await getJson(`${cached}/api/v3/ticker/price?symbol=NOPEUSDT`)).body).toMatchObject({
      code: -1121,
    });
  }, 90_000);

  it('reads on through market-data while a gap in the diffs has the copy syncing again', async () => {
    const path = '/api/v3/depth?symbol=BTCUSDT&limit=100';
    const book = await settled(path);
    await eventually(
      () => getJson(`${cached}${path}`),
      (r) => r.body.lastUpdateId === book.lastUpdateId,
    );
    // A diff from far ahead: the copy sees a gap and syncs again; meanwhile market-data answers.
    await harness.publishDepthDiff('BTC-USDT', {
      market: 'BTC-USDT',
      symbol: 'BTCUSDT',
      E: Date.now(),
      U: book.lastUpdateId + 10,
      u: book.lastUpdateId + 10,
      bids: [['1.00', '1.0000']],
      asks: [],
    });
    const fromMarketData = await reads('market-data', 'depth');
    await eventually(
      async () => {
        await getJson(`${cached}${path}`);
        return reads('market-data', 'depth');
      },
      (n) => n > fromMarketData,
    );
    // Synced again: the same answers as market-data, from memory, without the bogus level.
    await harness.place('BUY', 2_980_000, 1);
    const after = await settled(path);
    const again = await eventually(
      () => getJson(`${cached}${path}`),
      (r) => r.body.lastUpdateId === after.lastUpdateId,
    );
    expect(again.body).toEqual(after);
  }, 90_000);
});

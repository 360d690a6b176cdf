import { eventually, getJson, StreamsHarness } from './streams.harness';

/**
 * The lean read path (`http/lean-reads.ts`) against the Nest path over the real services: one gateway answers
 * `ping`, `time`, `depth` and the tickers before Express, another (HTTP_LEAN_READS=false, its own Redis key prefix so
 * that the two count weight apart) through Express and Nest. Every answer, refusal and header must be the same.
 */
describe('gateway lean read path', () => {
  const harness = new StreamsHarness();
  const ORIGIN = 'https://app.example.com';
  let lean: Awaited<ReturnType<StreamsHarness['gateway']>>;
  let nest: Awaited<ReturnType<StreamsHarness['gateway']>>;

  beforeAll(async () => {
    await harness.start();
    const common = {
      MARKET_CACHE_CHECK_MS: '200',
      CORS_ORIGINS: ORIGIN,
      RATE_LIMIT_WEIGHT_PER_MINUTE: '100000',
    };
    lean = await harness.gateway({ ...common, ACCESS_LOG_SUMMARY_MS: '300', ACCESS_LOG_SLOW_MS: '10000' });
    nest = await harness.gateway({
      ...common,
      HTTP_LEAN_READS: 'false',
      REDIS_KEY_PREFIX: `${harness.run}:gw-nest:`,
    });
    for (let i = 0; i < 4; i++) {
      await harness.place('BUY', 2_990_000 - i * 100, 1 + i);
      await harness.place('SELL', 3_010_000 + i * 100, 2 + i);
    }
    // Both gateways' copies warm and in step with market-data's book.
    await eventually(
      async () => {
        const [a, b] = await Promise.all([
          getJson(`${lean.http}/api/v3/depth?symbol=BTCUSDT&limit=5`),
          getJson(`${nest.http}/api/v3/depth?symbol=BTCUSDT&limit=5`),
        ]);
        await Promise.all([
          fetch(`${lean.http}/api/v3/ticker/24hr?symbol=BTCUSDT`),
          fetch(`${nest.http}/api/v3/ticker/24hr?symbol=BTCUSDT`),
        ]);
        return { a: a.body as { asks?: unknown[] }, b: b.body as unknown };
      },
      ({ a, b }) => a.asks?.length === 4 && JSON.stringify(a) === JSON.stringify(b),
    );
  }, 180_000);

  afterAll(async () => {
    await harness.stop();
  }, 60_000);

  const HEADERS = [
    'content-type',
    'content-length',
    'x-content-type-options',
    'x-frame-options',
    'referrer-policy',
    'content-security-policy',
    'access-control-allow-origin',
    'access-control-expose-headers',
    'vary',
    'retry-after',
  ];

  /** Status, body and the headers that must match; the weight charged (two calls' X-MBX-USED-WEIGHT-1M apart). */
  const answer = async (base: string, path: string, headers: Record<string, string> = {}) => {
    const call = () => fetch(`${base}${path}`, { headers: { Origin: ORIGIN, ...headers } });
    const used = (r: Response) => Number(r.headers.get('x-mbx-used-weight-1m'));
    let first = await call();
    let res = await call();
    // The count starts again each minute: a pair of calls across that boundary is sent again.
    while (used(res) < used(first)) {
      await Promise.all([first.text(), res.text()]);
      first = await call();
      res = await call();
    }
    const text = await res.text();
    await first.text();
    return {
      path,
      status: res.status,
      body: path.includes('/time') ? 'time' : text,
      headers: Object.fromEntries(HEADERS.map((name) => [name, res.headers.get(name)])),
      weight: used(res) - used(first),
      etag: /^W\/"[\da-f]+-[\w+/=-]+"$/.test(res.headers.get('etag') ?? ''),
      requestId: res.headers.get('x-request-id'),
    };
  };

  it('answers every form of ping, time, depth and the tickers exactly as the Nest path does', async () => {
    const paths = [
      '/api/v3/ping',
      '/api/v3/time',
      '/api/v3/depth?symbol=BTCUSDT',
      '/api/v3/depth?symbol=BTCUSDT&limit=2',
      '/api/v3/depth?symbol=BTCUSDT&limit=500',
      '/api/v3/depth?symbol=BTCUSDT&limit=5000',
      '/api/v3/ticker/24hr?symbol=BTCUSDT',
      '/api/v3/ticker/24hr',
      `/api/v3/ticker/24hr?symbols=${encodeURIComponent('["ETHBTC","BTCUSDT"]')}`,
      '/api/v3/ticker/24hr?symbol=BTCUSDT&type=MINI',
      '/api/v3/ticker/24hr?type=MINI',
      '/api/v3/ticker/price?symbol=BTCUSDT',
      '/api/v3/ticker/price',
      `/api/v3/ticker/bookTicker?symbols=${encodeURIComponent('["BTCUSDT"]')}`,
      // Refusals: the same validators, codes and messages.
      '/api/v3/depth',
      '/api/v3/depth?symbol=btcusdt',
      '/api/v3/depth?symbol=BTCUSDT&limit=0',
      '/api/v3/depth?symbol=BTCUSDT&limit=1e3',
      '/api/v3/depth?symbol=BTCUSDT&symbol=ETHBTC',
      '/api/v3/depth?symbol=NOPEUSDT',
      `/api/v3/ticker/24hr?symbol=BTCUSDT&symbols=${encodeURIComponent('["ETHBTC"]')}`,
      '/api/v3/ticker/price?symbols=nope',
      '/api/v3/ticker/24hr?symbol=BTCUSDT&type=mini',
      '/api/v3/ticker/bookTicker?symbol=NOPEUSDT',
      // Left to Express on both: a trailing slash, another case.
      '/api/v3/ping/',
      '/API/v3/ping',
    ];
    for (const path of paths) {
      const [mine, theirs] = await Promise.all([answer(lean.http, path), answer(nest.http, path)]);
      expect({ ...mine, requestId: undefined }).toEqual({ ...theirs, requestId: undefined });
      expect(mine.etag).toBe(true);
      expect(mine.requestId).toMatch(/^[\da-f-]{36}$/);
    }
    // A caller's request id comes back.
    const named = await fetch(`${lean.http}/api/v3/ping`, { headers: { 'x-request-id': 'lean-42' } });
    expect(named.headers.get('x-request-id')).toBe('lean-42');
  }, 120_000);

  it('counts the weight by the socket address unless TRUST_PROXY names the proxy (X-Forwarded-For)', async () => {
    const used = async (base: string, forwardedFor: string) => {
      const res = await fetch(`${base}/api/v3/ping`, { headers: { 'X-Forwarded-For': forwardedFor } });
      expect(res.status).toBe(200);
      return Number(res.headers.get('x-mbx-used-weight-1m'));
    };
    // No proxy trusted: both calls are the socket's address, so the second adds to the first's count (a new
    // address would start at 1).
    await used(lean.http, '203.0.113.9');
    expect(await used(lean.http, '203.0.113.10')).toBeGreaterThanOrEqual(2);
    // Behind a trusted proxy (loopback), each forwarded address is counted on its own.
    const proxied = await harness.gateway({
      TRUST_PROXY: 'loopback',
      RATE_LIMIT_WEIGHT_PER_MINUTE: '100000',
      REDIS_KEY_PREFIX: `${harness.run}:gw-proxied:`,
    });
    expect([await used(proxied.http, '203.0.113.11'), await used(proxied.http, '203.0.113.12')]).toEqual([
      1, 1,
    ]);
    await proxied.process.stop();
  });

  it('leaves conditional GETs and HEAD to Express', async () => {
    const path = '/api/v3/ticker/24hr?symbol=BTCUSDT';
    const first = await fetch(`${lean.http}${path}`);
    await first.text();
    const etag = first.headers.get('etag')!;
    const again = await fetch(`${lean.http}${path}`, { headers: { 'If-None-Match': etag } });
    const nestAgain = await fetch(`${nest.http}${path}`, { headers: { 'If-None-Match': etag } });
    expect({ status: again.status, body: await again.text() }).toEqual({
      status: nestAgain.status,
      body: await nestAgain.text(),
    });
    const head = await fetch(`${lean.http}/api/v3/ping`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('x-mbx-used-weight-1m')).not.toBeNull();
  }, 60_000);

  it('logs refusals one by one and successful reads in summaries per route', async () => {
    const reads = lean.process.logs.length;
    for (let i = 0; i < 5; i++)
      await (await fetch(`${lean.http}/api/v3/depth?symbol=BTCUSDT&limit=2`)).text();
    await (
      await fetch(`${lean.http}/api/v3/depth?symbol=BTCUSDT&limit=0`, {
        headers: { 'x-request-id': 'bad-1' },
      })
    ).text();
    // A summary may fall between two of the reads: they add up to at least the five.
    const summaries = await eventually(
      async () =>
        lean.process.logs
          .slice(reads)
          .filter(
            (line) =>
              line.msg === 'requests completed' &&
              (line.req as { route?: string }).route === '/api/v3/depth' &&
              (line.res as { statusCode?: number }).statusCode === 200,
          ),
      (lines) => lines.reduce((sum, line) => sum + (line.count as number), 0) >= 5,
    );
    expect(summaries[0]).toMatchObject({ req: { method: 'GET' } });
    expect(summaries[0]!.maxResponseTimeMs).toEqual(expect.any(Number));
    const later = lean.process.logs.slice(reads);
    expect(
      later.filter(
        (l) =>
          l.msg === 'request completed' &&
          String((l.req as { url: string }).url).startsWith('/api/v3/depth?symbol=BTCUSDT&limit=2'),
      ),
    ).toEqual([]);
    // The refusal's line is written right after its answer: it may reach this process after the answer does.
    expect(await lean.process.waitForLog((l) => l.requestId === 'bad-1')).toMatchObject({
      msg: 'request completed',
      req: { method: 'GET', url: '/api/v3/depth?symbol=BTCUSDT&limit=0' },
      res: { statusCode: 400 },
    });
    // The Nest path still writes a line per request.
    const nestLines = nest.process.logs.length;
    await (
      await fetch(`${nest.http}/api/v3/depth?symbol=BTCUSDT&limit=2`, {
        headers: { 'x-request-id': 'nest-1' },
      })
    ).text();
    await nest.process.waitForLog((l) => l.requestId === 'nest-1' && l.msg === 'request completed');
    expect(nest.process.logs.length).toBeGreaterThan(nestLines);
  }, 60_000);

  it('times lean reads in the HTTP histogram under their route', async () => {
    const count = async (base: string) => {
      const text = await (await fetch(`${base}/metrics`)).text();
      const line = text
        .split('\n')
        .find(
          (l) =>
            l.startsWith('http_request_duration_seconds_count{') &&
            l.includes('route="/api/v3/ticker/price"') &&
            l.includes('status_code="200"'),
        );
      return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
    };
    const before = await count(lean.http);
    for (let i = 0; i < 3; i++) await (await fetch(`${lean.http}/api/v3/ticker/price?symbol=BTCUSDT`)).text();
    expect(await count(lean.http)).toBe(before + 3);
  }, 60_000);
});

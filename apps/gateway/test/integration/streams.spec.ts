import { type ClientOptions, WebSocket } from 'ws';

import {
  type Book,
  eventually,
  type Frame,
  getJson,
  metric,
  StreamClient,
  StreamsHarness,
  syncBook,
} from './streams.harness';

const MAX_STREAMS = 30;

/**
 * The WebSocket market streams through a real client against real services: matching → market-data → NATS →
 * gateway → ws. BTC-USDT prices are in 0.01 ticks (3_000_000 = 30000.00), quantities in 0.0001 lots.
 */
describe('gateway WebSocket market streams over the real services', () => {
  const harness = new StreamsHarness();
  let gw: { http: string; ws: string };
  let pingGw: Awaited<ReturnType<StreamsHarness['gateway']>>;
  const clients: StreamClient[] = [];

  const open = async (path: string, options?: ClientOptions) => {
    const client = await StreamClient.open(`${gw.ws}${path}`, options);
    clients.push(client);
    return client;
  };
  const restDepth = async (limit = 1000): Promise<Book> =>
    (await getJson(`${gw.http}/api/v3/depth?symbol=BTCUSDT&limit=${limit}`)).body as Book;
  /** The REST book once market-data has applied every command placed so far (its id stops moving). */
  const settledDepth = async (limit = 1000): Promise<Book> => {
    let previous = -1;
    return eventually(
      async () => {
        await new Promise((resolve) => setTimeout(resolve, 300));
        const book = await restDepth(limit);
        const settled = book.lastUpdateId === previous;
        previous = book.lastUpdateId;
        return { book, settled };
      },
      (r) => r.settled,
    ).then((r) => r.book);
  };

  beforeAll(async () => {
    await harness.start();
    gw = await harness.gateway({
      WS_MAX_STREAMS_PER_CONNECTION: String(MAX_STREAMS),
      WS_SEND_BUFFER_BYTES: String(64 * 1024),
      // The slow-consumer spec fills the send buffer with request replies: no message rate limit here.
      WS_MESSAGES_PER_SECOND: '10000',
      WS_MESSAGE_BURST: '100000',
    });
    pingGw = await harness.gateway({ WS_PING_INTERVAL_MS: '200', WS_PONG_TIMEOUT_MS: '1000' });
  }, 180_000);

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });

  afterAll(async () => {
    await harness.stop();
  }, 60_000);

  it('answers SUBSCRIBE, UNSUBSCRIBE, LIST_SUBSCRIPTIONS and the combined property', async () => {
    const client = await open('/ws/0');
    expect(await client.request('SUBSCRIBE', ['btcusdt@trade', 'btcusdt@kline_1m', 'ethbtc@depth'])).toEqual({
      result: null,
      id: 1,
    });
    expect(await client.request('LIST_SUBSCRIPTIONS')).toEqual({
      result: ['btcusdt@trade', 'btcusdt@kline_1m', 'ethbtc@depth'],
      id: 2,
    });
    expect(await client.request('UNSUBSCRIBE', ['btcusdt@trade', 'btcusdt@bookTicker'])).toEqual({
      result: null,
      id: 3,
    });
    expect((await client.request('LIST_SUBSCRIPTIONS')).result).toEqual(['btcusdt@kline_1m', 'ethbtc@depth']);
    expect(await client.request('GET_PROPERTY', ['combined'])).toEqual({ result: false, id: 5 });
    expect(await client.request('SET_PROPERTY', ['combined', true])).toEqual({ result: null, id: 6 });
    expect(await client.request('GET_PROPERTY', ['combined'])).toEqual({ result: true, id: 7 });

    const direct = await open('/ws/btcusdt@trade/ethbtc@miniTicker');
    expect((await direct.request('LIST_SUBSCRIPTIONS')).result).toEqual([
      'btcusdt@trade',
      'ethbtc@miniTicker',
    ]);
    const combined = await open('/stream?streams=btcusdt@aggTrade/!ticker@arr');
    expect((await combined.request('LIST_SUBSCRIPTIONS')).result).toEqual([
      'btcusdt@aggTrade',
      '!ticker@arr',
    ]);
    expect((await combined.request('GET_PROPERTY', ['combined'])).result).toBe(true);
  }, 60_000);

  it.each([
    ['{"method":"SUBSCRIBE",', 3, null],
    ['{"method":"PUBLISH","params":["btcusdt@trade"],"id":11}', 2, 11],
    ['{"method":"SUBSCRIBE","params":["btcusdt@trade"],"id":-4}', 2, null],
    ['{"method":"SUBSCRIBE","params":["btcusdt@trades"],"id":12}', 2, 12],
    ['{"method":"SUBSCRIBE","params":["BTCUSDT@trade"],"id":13}', 2, 13],
    ['{"method":"SUBSCRIBE","params":["dogeusdt@trade"],"id":14}', 2, 14],
    ['{"method":"SUBSCRIBE","params":["btcusdt@kline_7m"],"id":15}', 2, 15],
    ['{"method":"SUBSCRIBE","params":["btcusdt@trade"],"id":16,"extra":true}', 2, 16],
    ['{"method":"SET_PROPERTY","params":["combined","yes"],"id":17}', 1, 17],
    ['{"method":"SET_PROPERTY","params":["speed",true],"id":18}', 0, 18],
  ])('answers %s with error code %i and subscribes nothing', async (text, code, id) => {
    const client = await open('/ws');
    client.sendRaw(text);
    const reply = await client.waitFor(() => true);
    expect(reply).toEqual({ error: { code, msg: expect.any(String) }, id });
    expect(await client.request('LIST_SUBSCRIPTIONS')).toEqual({ result: [], id: 1 });
  });

  it('refuses more streams than a connection may hold, all or nothing', async () => {
    const client = await open('/ws');
    const kinds = ['trade', 'aggTrade', 'ticker', 'miniTicker', 'bookTicker', 'depth', 'depth@100ms']
      .concat(['depth5', 'depth10', 'depth20', 'depth5@100ms'])
      .concat(['1m', '5m', '15m', '1h', '4h', '1d'].map((i) => `kline_${i}`));
    const streams = ['btcusdt', 'ethbtc'].flatMap((symbol) => kinds.map((kind) => `${symbol}@${kind}`));
    expect(streams.length).toBeGreaterThan(MAX_STREAMS);
    expect(await client.request('SUBSCRIBE', streams.slice(0, MAX_STREAMS))).toEqual({ result: null, id: 1 });
    const refused = await client.request('SUBSCRIBE', streams.slice(MAX_STREAMS));
    expect(refused).toEqual({ error: { code: 2, msg: expect.stringContaining(`${MAX_STREAMS}`) }, id: 2 });
    expect((await client.request('LIST_SUBSCRIPTIONS')).result).toHaveLength(MAX_STREAMS);
  }, 60_000);

  it.each([
    ['/ws/btcusdt@nope', 'HTTP 400'],
    ['/ws/dogeusdt@trade', 'HTTP 400'],
    ['/stream?streams=btcusdt@trade/btcusdt@depth7', 'HTTP 400'],
    ['/somewhere', 'HTTP 404'],
  ])('refuses the upgrade to %s with %s', async (path, error) => {
    await expect(StreamClient.open(`${gw.ws}${path}`)).rejects.toThrow(error);
  });

  it('listens to a NATS subject once per pod however many clients need it, and stops after the last', async () => {
    const before = await metric(gw.http, 'ws_nats_subscriptions');
    const a = await open('/ws');
    // A trade stream reads two subjects: md.ETH-BTC.trade.v2 (batched) and md.ETH-BTC.trade (v1, rolling deploys).
    await a.request('SUBSCRIBE', ['ethbtc@trade']);
    expect(await metric(gw.http, 'ws_nats_subscriptions')).toBe(before + 2);
    const b = await open('/ws');
    // aggTrade reads the same two trade subjects; the kline is a subject of its own.
    await b.request('SUBSCRIBE', ['ethbtc@trade', 'ethbtc@aggTrade', 'ethbtc@kline_1h']);
    expect(await metric(gw.http, 'ws_nats_subscriptions')).toBe(before + 3);
    await a.close();
    await b.request('UNSUBSCRIBE', ['ethbtc@kline_1h']);
    expect(await metric(gw.http, 'ws_nats_subscriptions')).toBe(before + 2);
    await b.request('UNSUBSCRIBE', ['ethbtc@trade', 'ethbtc@aggTrade']);
    expect(await metric(gw.http, 'ws_nats_subscriptions')).toBe(before);
  }, 60_000);

  it('pushes trade, aggTrade, kline and ticker events after a trade, in combined envelopes', async () => {
    const streams = [
      'btcusdt@trade',
      'btcusdt@aggTrade',
      'btcusdt@kline_1m',
      'btcusdt@ticker',
      'btcusdt@miniTicker',
      '!ticker@arr',
      '!miniTicker@arr',
      'btcusdt@avgPrice',
      'btcusdt@ticker_1h',
      '!ticker_4h@arr',
    ];
    const client = await open(`/stream?streams=${streams.join('/')}`);
    const raw = await open('/ws/0');
    await raw.request('SUBSCRIBE', ['btcusdt@trade']);
    await harness.place('BUY', 3_000_000, 5);
    await harness.place('SELL', 3_000_000, 2, { ioc: true });

    const of = (stream: string) => client.waitFor((f) => f.stream === stream).then((f: Frame) => f.data);
    const trade = await of('btcusdt@trade');
    const rest = (await getJson(`${gw.http}/api/v3/trades?symbol=BTCUSDT&limit=1`)).body[0];
    expect(trade).toEqual({
      e: 'trade',
      E: expect.any(Number),
      s: 'BTCUSDT',
      t: rest.id,
      p: rest.price,
      q: rest.qty,
      T: rest.time,
      m: true,
      M: true,
    });
    expect(await raw.waitFor((f) => f.e === 'trade')).toEqual(trade);
    expect(await of('btcusdt@aggTrade')).toMatchObject({
      e: 'aggTrade',
      s: 'BTCUSDT',
      a: rest.id,
      f: rest.id,
      l: rest.id,
      p: rest.price,
      q: rest.qty,
      m: true,
    });
    const kline = await of('btcusdt@kline_1m');
    expect(kline).toMatchObject({
      e: 'kline',
      s: 'BTCUSDT',
      k: { s: 'BTCUSDT', i: '1m', c: rest.price, x: false },
    });
    expect(kline.k.t).toBe(Math.floor(rest.time / 60_000) * 60_000);
    const ticker = await client.waitFor((f) => f.stream === 'btcusdt@ticker' && f.data.c === rest.price);
    expect(ticker.data).toMatchObject({ e: '24hrTicker', s: 'BTCUSDT', c: rest.price, L: rest.id });
    const mini = await client.waitFor((f) => f.stream === 'btcusdt@miniTicker' && f.data.c === rest.price);
    expect(mini.data).toMatchObject({ e: '24hrMiniTicker', s: 'BTCUSDT' });
    const all = await client.waitFor(
      (f) => f.stream === '!ticker@arr' && f.data.some((t: Frame) => t.s === 'BTCUSDT' && t.c === rest.price),
    );
    expect(all.data.every((t: Frame) => t.e === '24hrTicker')).toBe(true);
    const allMini = await client.waitFor(
      (f) =>
        f.stream === '!miniTicker@arr' && f.data.some((t: Frame) => t.s === 'BTCUSDT' && t.c === rest.price),
    );
    expect(allMini.data.every((t: Frame) => t.e === '24hrMiniTicker')).toBe(true);
    expect(allMini.data.find((t: Frame) => t.s === 'BTCUSDT')).toEqual({
      e: '24hrMiniTicker',
      E: expect.any(Number),
      s: 'BTCUSDT',
      c: rest.price,
      o: expect.any(String),
      h: expect.any(String),
      l: expect.any(String),
      v: expect.any(String),
      q: expect.any(String),
    });
    // The average price as REST /api/v3/avgPrice answers it, with the trade's time.
    const average = await client.waitFor((f) => f.stream === 'btcusdt@avgPrice' && f.data.T === rest.time);
    const restAverage = (await getJson(`${gw.http}/api/v3/avgPrice?symbol=BTCUSDT`)).body;
    expect(average.data).toEqual({
      e: 'avgPrice',
      E: expect.any(Number),
      s: 'BTCUSDT',
      i: '5m',
      w: restAverage.price,
      T: restAverage.closeTime,
    });
    // Rolling windows: the trade is in the last hour's statistics, as REST /api/v3/ticker answers them.
    const hour = await client.waitFor((f) => f.stream === 'btcusdt@ticker_1h' && f.data.L === rest.id);
    const restHour = (await getJson(`${gw.http}/api/v3/ticker?symbol=BTCUSDT&windowSize=1h`)).body;
    expect(hour.data).toEqual({
      e: '1hTicker',
      E: expect.any(Number),
      s: 'BTCUSDT',
      p: restHour.priceChange,
      P: restHour.priceChangePercent,
      o: restHour.openPrice,
      h: restHour.highPrice,
      l: restHour.lowPrice,
      c: rest.price,
      w: restHour.weightedAvgPrice,
      v: restHour.volume,
      q: restHour.quoteVolume,
      O: expect.any(Number),
      C: expect.any(Number),
      F: restHour.firstId,
      L: rest.id,
      n: restHour.count,
    });
    expect(hour.data.C - hour.data.O).toBeGreaterThanOrEqual(3_600_000);
    expect(hour.data.C - hour.data.O).toBeLessThan(3_660_000);
    const fourHours = await client.waitFor(
      (f) => f.stream === '!ticker_4h@arr' && f.data.some((t: Frame) => t.s === 'BTCUSDT' && t.L === rest.id),
    );
    expect(fourHours.data.every((t: Frame) => t.e === '4hTicker')).toBe(true);
  }, 60_000);

  it('depth diffs sync with the REST snapshot exactly as a Binance client does it, at both speeds', async () => {
    const fast = await open('/ws/1');
    const slow = await open('/ws/2');
    expect(await fast.request('SUBSCRIBE', ['btcusdt@depth@100ms'])).toEqual({ result: null, id: 1 });
    expect(await slow.request('SUBSCRIBE', ['btcusdt@depth'])).toEqual({ result: null, id: 1 });

    let snapshot: Book | undefined;
    for (let i = 0; i < 40; i++) {
      if (i === 15) {
        // As a Binance client does: the snapshot is read once diffs are buffered, and read again while it is older
        // than them (diffs go out before market data stores the book the snapshot is read from).
        await Promise.all([fast, slow].map((c) => c.waitFor((f) => f.e === 'depthUpdate')));
        snapshot = await eventually(restDepth, (book) =>
          [fast, slow].every((c) => c.frames.some((f) => f.e === 'depthUpdate' && f.u <= book.lastUpdateId)),
        );
      }
      if (i % 5 === 4)
        await harness.place(i % 2 ? 'SELL' : 'BUY', i % 2 ? 2_990_000 : 3_010_000, 3, { ioc: true });
      else if (i % 2) await harness.place('BUY', 2_990_000 - (i % 7) * 100, 1 + (i % 3));
      else await harness.place('SELL', 3_010_000 + (i % 6) * 100, 1 + (i % 4));
    }
    const settled = await settledDepth();
    for (const client of [fast, slow]) {
      await client.waitFor((f) => f.e === 'depthUpdate' && f.u >= settled.lastUpdateId);
      const diffs = client.frames.filter((f) => f.e === 'depthUpdate');
      expect(diffs.every((d) => d.s === 'BTCUSDT' && d.U <= d.u)).toBe(true);
      expect(diffs.some((d) => d.u <= snapshot!.lastUpdateId)).toBe(true);
      expect(syncBook(snapshot!, diffs)).toEqual(settled);
    }
  }, 90_000);

  it('partial book and bookTicker streams follow the book', async () => {
    const client = await open('/stream?streams=btcusdt@depth5@100ms/btcusdt@depth10/btcusdt@bookTicker');
    await harness.place('BUY', 2_995_000, 4);
    await harness.place('SELL', 3_005_000, 6);
    const top5 = await settledDepth(5);
    const top10 = await restDepth(10);
    const five = await client.waitFor(
      (f) => f.stream === 'btcusdt@depth5@100ms' && f.data.lastUpdateId === top5.lastUpdateId,
    );
    expect(five.data).toEqual(top5);
    const ten = await client.waitFor(
      (f) => f.stream === 'btcusdt@depth10' && f.data.lastUpdateId === top10.lastUpdateId,
    );
    expect(ten.data).toEqual(top10);
    const best = await client.waitFor(
      (f) =>
        f.stream === 'btcusdt@bookTicker' && f.data.b === top5.bids[0]![0] && f.data.a === top5.asks[0]![0],
    );
    expect(best.data).toEqual({
      u: expect.any(Number),
      s: 'BTCUSDT',
      b: top5.bids[0]![0],
      B: top5.bids[0]![1],
      a: top5.asks[0]![0],
      A: top5.asks[0]![1],
    });
  }, 60_000);

  it('disconnects a client that never reads, and only that one', async () => {
    const before = await metric(gw.http, 'ws_slow_consumer_disconnects_total');
    const stuck = await open('/ws');
    const healthy = await open('/ws');
    const streams = ['1m', '5m', '15m', '1h', '4h', '1d'].map((i) => `btcusdt@kline_${i}`);
    await stuck.request('SUBSCRIBE', [...streams, 'btcusdt@depth@100ms', 'btcusdt@trade']);
    await healthy.request('SUBSCRIBE', ['btcusdt@trade']);
    stuck.ws.pause();
    // Each request's reply lands unread in the server's send buffer until the cap is passed.
    for (let round = 0; (await metric(gw.http, 'ws_slow_consumer_disconnects_total')) === before; round++) {
      if (round === 500) throw new Error('the stuck client was never disconnected');
      for (let i = 0; i < 200; i++) stuck.sendRaw('{"method":"LIST_SUBSCRIPTIONS","id":1}');
      await harness.place(round % 2 ? 'BUY' : 'SELL', 3_000_000 + (round % 2 ? -500 : 500), 1);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await metric(gw.http, 'ws_slow_consumer_disconnects_total')).toBe(before + 1);
    stuck.ws.resume();
    await stuck.closed;
    await harness.place('BUY', 3_010_000, 1, { ioc: true });
    await harness.place('SELL', 2_990_000, 1, { ioc: true });
    const from = healthy.frames.length;
    await harness.place('BUY', 3_020_000, 1, { ioc: true });
    await expect(healthy.waitFor((f) => f.e === 'trade', from)).resolves.toMatchObject({ s: 'BTCUSDT' });
    expect(healthy.ws.readyState).toBe(WebSocket.OPEN);
  }, 120_000);

  it('pings its clients and drops one that does not answer', async () => {
    const answering = await StreamClient.open(`${pingGw.ws}/ws`);
    clients.push(answering);
    const silent = await StreamClient.open(`${pingGw.ws}/ws`, { autoPong: false });
    clients.push(silent);
    let pings = 0;
    answering.ws.on('ping', () => pings++);
    await silent.closed;
    expect(pings).toBeGreaterThan(0);
    expect(answering.ws.readyState).toBe(WebSocket.OPEN);
  }, 60_000);

  it('closes its sockets with 1001 when the gateway shuts down', async () => {
    const client = await StreamClient.open(`${pingGw.ws}/stream?streams=btcusdt@trade`);
    clients.push(client);
    const [closed, exit] = await Promise.all([client.closed, pingGw.process.stop()]);
    expect(closed.code).toBe(1001);
    expect(exit.code).toBe(0);
  }, 60_000);
});

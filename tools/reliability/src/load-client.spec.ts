import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';

import { WebSocketServer, type WebSocket } from 'ws';

import { signedPayload } from '@exchange/shared-util-testing';

import {
  EVENT_TIME_KEY,
  eventTime,
  FormPoster,
  FormSigner,
  formEncode,
  jsonNumberField,
  jsonStringField,
  LatencyHistogram,
  LAST_UPDATE_ID_KEY,
  RawSubscriber,
  TRADE_ID_KEY,
  TRADE_TIME_KEY,
} from './load-client';

describe('FormSigner', () => {
  it('signs the same parameter string as the shared test client', () => {
    const secret = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j';
    const params = {
      symbol: 'BTCUSDT',
      side: 'SELL',
      type: 'LIMIT',
      quantity: '0.0010',
      price: '30000.00',
      timeInForce: 'GTC',
      newOrderRespType: 'RESULT',
      newClientOrderId: 'b123x4m',
      odd: 'a b/c+d&e=f~ü',
    };
    const ours = new FormSigner(secret).payload(Object.entries(params), 1764150000123);
    expect(ours).toBe(signedPayload(params, { secret }, { timestamp: 1764150000123 }));
  });

  it('encodes values as URLSearchParams does', () => {
    for (const value of ['plain-1.2_3*', 'a b', 'x/y?z', "~!'()", 'ü€'])
      expect(formEncode(value)).toBe(new URLSearchParams({ v: value }).toString().slice(2));
  });
});

describe('answer fields', () => {
  const result = JSON.stringify({ symbol: 'BTCUSDT', orderId: 7, status: 'FILLED', side: 'BUY' });
  it('reads a string field', () => {
    expect(jsonStringField(result, 'status')).toBe('FILLED');
    expect(jsonStringField(result, 'missing')).toBeUndefined();
  });
  it('reads a numeric field', () => {
    expect(jsonNumberField(JSON.stringify({ code: -2010, msg: 'insufficient' }), 'code')).toBe(-2010);
    expect(jsonNumberField(result, 'orderId')).toBe(7);
    expect(jsonNumberField(result, 'code')).toBeUndefined();
  });
});

describe('eventTime', () => {
  const trade = {
    e: 'trade',
    E: 1764150000456,
    s: 'BTCUSDT',
    t: 9,
    p: '1.0',
    q: '2.0',
    T: 1764150000123,
    m: 1,
  };
  const depth = { e: 'depthUpdate', E: 1764150000789, s: 'BTCUSDT', U: 1, u: 2, b: [['1', '2']], a: [] };
  const frame = (o: object) => Buffer.from(JSON.stringify(o));

  it("reads a trade's T and a depth update's E, raw or in a combined envelope", () => {
    expect(eventTime(frame(trade), '"e":"trade"', TRADE_TIME_KEY)).toBe(1764150000123);
    expect(eventTime(frame({ stream: 'btcusdt@trade', data: trade }), '"e":"trade"', TRADE_TIME_KEY)).toBe(
      1764150000123,
    );
    expect(eventTime(frame(depth), '"e":"depthUpdate"', EVENT_TIME_KEY)).toBe(1764150000789);
    expect(
      eventTime(frame({ stream: 'btcusdt@depth@100ms', data: depth }), '"e":"depthUpdate"', EVENT_TIME_KEY),
    ).toBe(1764150000789);
  });

  it("reads a trade's id t and a depth update's last update id u (not U)", () => {
    expect(eventTime(frame({ stream: 'btcusdt@trade', data: trade }), '"e":"trade"', TRADE_ID_KEY)).toBe(9);
    expect(eventTime(frame(depth), '"e":"depthUpdate"', LAST_UPDATE_ID_KEY)).toBe(2);
  });

  it('gives -1 for other events and for a missing field', () => {
    expect(eventTime(frame(depth), '"e":"trade"', TRADE_TIME_KEY)).toBe(-1);
    expect(eventTime(frame({ e: 'trade', E: 1 }), '"e":"trade"', TRADE_TIME_KEY)).toBe(-1);
    expect(eventTime(frame({ result: null, id: 1 }), '"e":"depthUpdate"', EVENT_TIME_KEY)).toBe(-1);
  });
});

describe('LatencyHistogram', () => {
  const sortedQuantile = (samples: number[], q: number) => {
    const sorted = [...samples].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  };

  it('gives the sorted samples’ quantiles to 0.1 ms', () => {
    const samples = Array.from({ length: 5000 }, (_, i) => ((i * 7919) % 5000) / 37);
    const h = new LatencyHistogram();
    for (const s of samples) h.record(s);
    for (const q of [0.5, 0.99, 0.999])
      expect(Math.abs(h.quantile(q) - sortedQuantile(samples, q))).toBeLessThanOrEqual(0.05 + 1e-9);
    expect(h.quantiles().n).toBe(5000);
  });

  it('adds histograms of several processes up to the quantiles of all their samples', () => {
    const a = new LatencyHistogram();
    const b = new LatencyHistogram();
    const all: number[] = [];
    for (let i = 0; i < 1000; i++) {
      a.record(i % 10);
      b.record(100 + (i % 50));
      all.push(i % 10, 100 + (i % 50));
    }
    const sum = LatencyHistogram.fromJSON(JSON.parse(JSON.stringify(a.toJSON())));
    sum.add(LatencyHistogram.fromJSON(JSON.parse(JSON.stringify(b.toJSON()))));
    expect(sum.n).toBe(2000);
    for (const q of [0.25, 0.5, 0.99, 0.999]) expect(sum.quantile(q)).toBeCloseTo(sortedQuantile(all, q), 5);
  });

  it('keeps samples beyond its range as its maximum, and negative ones as 0', () => {
    const h = new LatencyHistogram(100);
    h.record(-3);
    h.record(250);
    expect(h.quantile(0)).toBe(0);
    expect(h.quantile(0.999)).toBe(250);
    expect(new LatencyHistogram().quantile(0.5)).toBeNaN();
  });
});

describe('FormPoster and RawSubscriber against a local server', () => {
  let server: Server;
  let wss: WebSocketServer;
  let base: string;
  const bodies: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += String(c)));
      req.on('end', () => {
        bodies.push(`${req.method} ${req.url} ${req.headers['x-mbx-apikey']} ${body}`);
        res
          .writeHead(body.includes('bad') ? 400 : 200)
          .end(body.includes('bad') ? '{"code":-1102,"msg":"bad"}' : '{"status":"FILLED"}');
      });
    });
    wss = new WebSocketServer({ server });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    for (const c of wss.clients) c.terminate();
    wss.close();
    server.close();
    await once(server, 'close');
  });

  it('posts form bodies with the API key over kept-alive connections', async () => {
    const poster = new FormPoster(base, 2);
    const answers = await Promise.all(
      ['a=1', 'b=2', 'bad=3'].map((body) => poster.post('/api/v3/order', body, 'key1')),
    );
    poster.close();
    expect(answers.map((a) => a.status)).toEqual([200, 200, 400]);
    expect(jsonNumberField(answers[2]!.body, 'code')).toBe(-1102);
    expect(bodies).toEqual(
      expect.arrayContaining(['POST /api/v3/order key1 a=1', 'POST /api/v3/order key1 bad=3']),
    );
  });

  it('sends PUT parameters in the body and DELETE parameters in the query string', async () => {
    const poster = new FormPoster(base, 1);
    const put = await poster.send('PUT', '/api/v3/order/amend/keepPriority', 'newQty=1', 'key2');
    const del = await poster.send('DELETE', '/api/v3/order', 'orderId=7', 'key2');
    poster.close();
    expect([put.status, del.status]).toEqual([200, 200]);
    expect(bodies).toEqual(
      expect.arrayContaining([
        'PUT /api/v3/order/amend/keepPriority key2 newQty=1',
        'DELETE /api/v3/order?orderId=7 key2 ',
      ]),
    );
  });

  it('receives whole frames of every length, answers pings and ends on a close', async () => {
    const frames: string[] = [];
    const accepted = once(wss, 'connection') as Promise<[WebSocket]>;
    const subscriber = new RawSubscriber(`${base.replace('http', 'ws')}/ws/btcusdt@trade`, (f) =>
      frames.push(f.toString()),
    );
    await subscriber.connect();
    const [peer] = await accepted;
    expect(subscriber.open).toBe(true);
    const sent = ['x', 'y'.repeat(200), 'z'.repeat(70_000), JSON.stringify({ e: 'trade', T: 5 })];
    for (const s of sent) peer.send(s);
    const ponged = once(peer, 'pong');
    peer.ping(Buffer.from('hi'));
    const [pong] = (await ponged) as [Buffer];
    expect(String(pong)).toBe('hi');
    while (frames.length < sent.length) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(frames).toEqual(sent);
    const closed = once(peer, 'close');
    peer.close(1000, 'bye');
    await closed;
    expect(subscriber.open).toBe(false);
    subscriber.terminate();
  });

  it('rejects a refused upgrade', async () => {
    const refusing = createServer((_req, res) => res.writeHead(404).end());
    refusing.on('upgrade', (_req, socket) =>
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n'),
    );
    refusing.listen(0, '127.0.0.1');
    await once(refusing, 'listening');
    const port = (refusing.address() as AddressInfo).port;
    await expect(new RawSubscriber(`ws://127.0.0.1:${port}/nope`, () => undefined).connect()).rejects.toThrow(
      /404/,
    );
    refusing.close();
  });
});

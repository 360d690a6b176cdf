import { createHmac } from 'node:crypto';

import { parseWsApiRequest, restParams, wantsRateLimits, wsApiSigningPayload } from './ws-api.request';

describe(parseWsApiRequest.name, () => {
  it('reads id, method and params', () => {
    expect(
      parseWsApiRequest('{"id":"a-1","method":"depth","params":{"symbol":"BTCUSDT","limit":5}}'),
    ).toEqual({
      ok: true,
      request: { id: 'a-1', method: 'depth', params: { symbol: 'BTCUSDT', limit: 5 } },
    });
    expect(parseWsApiRequest('{"id":null,"method":"ping"}')).toEqual({
      ok: true,
      request: { id: null, method: 'ping', params: {} },
    });
    expect(
      parseWsApiRequest('{"id":7,"method":"ticker.price","params":{"symbols":["A","B"]}}'),
    ).toMatchObject({
      ok: true,
      request: { id: 7, params: { symbols: ['A', 'B'] } },
    });
  });

  it.each([
    ['not json', null, -1102],
    ['[1]', null, -1102],
    ['{"method":"ping"}', null, -1102],
    ['{"id":1.5,"method":"ping"}', null, -1102],
    [`{"id":"${'x'.repeat(37)}","method":"ping"}`, null, -1102],
    ['{"id":"", "method":"ping"}', null, -1102],
    ['{"id":3,"method":"ping","extra":true}', 3, -1103],
    ['{"id":4}', 4, -1102],
    ['{"id":5,"method":""}', 5, -1102],
    ['{"id":6,"method":"depth","params":[]}', 6, -1102],
    ['{"id":7,"method":"depth","params":{"limit":0.5}}', 7, -1102],
    ['{"id":8,"method":"depth","params":{"limit":1e300}}', 8, -1102],
    ['{"id":9,"method":"depth","params":{"symbol":null}}', 9, -1102],
    ['{"id":10,"method":"depth","params":{"symbol":{"a":1}}}', 10, -1102],
    ['{"id":11,"method":"depth","params":{"symbols":[1]}}', 11, -1102],
  ])('refuses %s (id %p) with %i', (text, id, code) => {
    const parsed = parseWsApiRequest(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect([parsed.id, parsed.error.code]).toEqual([id, code]);
  });
});

describe(wsApiSigningPayload.name, () => {
  it("signs Binance's documented example: every parameter but the signature, sorted, not URL-encoded", () => {
    // Binance's WebSocket API documentation, "SIGNED request example (HMAC)".
    const params = {
      symbol: 'BTCUSDT',
      side: 'SELL',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '0.01000000',
      price: '52000.00',
      newOrderRespType: 'ACK',
      recvWindow: 100,
      timestamp: 1645423376532,
      apiKey: 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A',
      signature: 'ignored',
    };
    const payload = wsApiSigningPayload(params);
    expect(payload).toBe(
      'apiKey=vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A&newOrderRespType=ACK&price=52000.00' +
        '&quantity=0.01000000&recvWindow=100&side=SELL&symbol=BTCUSDT&timeInForce=GTC&timestamp=1645423376532&type=LIMIT',
    );
    const secret = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j';
    expect(createHmac('sha256', secret).update(payload).digest('hex')).toBe(
      'cc15477742bd704c29492d96c7ead9414dfd8e0ec4a00f947bb5bb454ddbd08a',
    );
  });

  it('writes an array as JSON text, as REST takes symbols', () => {
    expect(wsApiSigningPayload({ symbols: ['A', 'B'], b: true })).toBe('b=true&symbols=["A","B"]');
  });
});

describe(restParams.name, () => {
  it("hands REST's handlers text values without the WebSocket API's own parameters", () => {
    const params = {
      symbol: 'BTCUSDT',
      orderId: 12,
      symbols: ['A'],
      apiKey: 'k',
      signature: 's',
      returnRateLimits: false,
      timestamp: 1,
    };
    expect(restParams(params)).toEqual({
      symbol: 'BTCUSDT',
      orderId: '12',
      symbols: '["A"]',
      timestamp: '1',
    });
    expect(wantsRateLimits(params, true)).toBe(false);
    expect(wantsRateLimits({}, true)).toBe(true);
    expect(wantsRateLimits({ returnRateLimits: true }, true)).toBe(true);
    // A connection opened with `?returnRateLimits=false`: left out unless the request asks.
    expect(wantsRateLimits({}, false)).toBe(false);
    expect(wantsRateLimits({ returnRateLimits: true }, false)).toBe(true);
    expect(wantsRateLimits({ returnRateLimits: 'true' }, false)).toBe(true);
  });
});

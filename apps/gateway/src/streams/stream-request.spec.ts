import { parseStreamRequest } from './stream-request';

describe(parseStreamRequest.name, () => {
  it.each([
    [
      '{"method":"SUBSCRIBE","params":["btcusdt@trade","btcusdt@depth"],"id":1}',
      { method: 'SUBSCRIBE', params: ['btcusdt@trade', 'btcusdt@depth'], id: 1 },
    ],
    [
      '{"method":"UNSUBSCRIBE","params":["btcusdt@trade"],"id":"a"}',
      { method: 'UNSUBSCRIBE', params: ['btcusdt@trade'], id: 'a' },
    ],
    ['{"method":"LIST_SUBSCRIPTIONS","id":3}', { method: 'LIST_SUBSCRIPTIONS', id: 3 }],
    ['{"method":"LIST_SUBSCRIPTIONS"}', { method: 'LIST_SUBSCRIPTIONS', id: null }],
    [
      '{"method":"SET_PROPERTY","params":["combined",true],"id":5}',
      { method: 'SET_PROPERTY', property: 'combined', value: true, id: 5 },
    ],
    [
      '{"method":"GET_PROPERTY","params":["combined"],"id":2}',
      { method: 'GET_PROPERTY', property: 'combined', id: 2 },
    ],
  ])('reads %s', (text, request) => {
    expect(parseStreamRequest(text)).toEqual({ ok: true, request });
  });

  it.each([
    ['{"method":', 3, null],
    ['[1]', 2, null],
    ['{"method":"SUBSCRIBE","params":["x"],"id":-1}', 2, null],
    ['{"method":"SUBSCRIBE","params":["x"],"id":1.5}', 2, null],
    ['{"params":["x"],"id":4}', 2, 4],
    ['{"method":"PUBLISH","params":["x"],"id":4}', 2, 4],
    ['{"method":"SUBSCRIBE","params":"btcusdt@trade","id":4}', 2, 4],
    ['{"method":"SUBSCRIBE","params":[],"id":4}', 2, 4],
    ['{"method":"SUBSCRIBE","params":[1],"id":4}', 2, 4],
    ['{"method":"SUBSCRIBE","params":["x"],"id":4,"extra":1}', 2, 4],
    ['{"method":"LIST_SUBSCRIPTIONS","params":["x"],"id":4}', 2, 4],
    ['{"method":"SET_PROPERTY","params":["speed",true],"id":4}', 0, 4],
    ['{"method":"SET_PROPERTY","params":["combined","yes"],"id":4}', 1, 4],
    ['{"method":"GET_PROPERTY","params":["speed"],"id":4}', 0, 4],
  ])('refuses %s with code %i', (text, code, id) => {
    const parsed = parseStreamRequest(text);
    expect(parsed).toMatchObject({ ok: false, error: { code }, id });
  });
});

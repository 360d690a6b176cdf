// eslint-disable-next-line @nx/enforce-module-boundaries -- deploy/docker is no Nx project: the helm test command under test
import { settingsFrom } from '../../../deploy/docker/smoke-order';

/** The environment check of deploy/docker/smoke-order.ts, the `helm test` Pod's command. */
describe('deploy/docker/smoke-order.ts settings', () => {
  const complete = {
    GATEWAY_URL: 'http://exchange-gateway.exchange.svc:8080/',
    SMOKE_API_KEY: 'key',
    SMOKE_API_SECRET: 'secret',
    SMOKE_PRICE: '1000',
    SMOKE_QUANTITY: '0.001',
  };

  it('takes the chart’s env, with BUY BTCUSDT by default and no trailing slash on the URL', () => {
    expect(settingsFrom(complete)).toEqual({
      gatewayUrl: 'http://exchange-gateway.exchange.svc:8080',
      apiKey: 'key',
      apiSecret: 'secret',
      symbol: 'BTCUSDT',
      side: 'BUY',
      price: '1000',
      quantity: '0.001',
      timeoutMs: 10_000,
    });
  });

  it('names every missing variable and refuses non-decimal amounts and unknown sides', () => {
    expect(() => settingsFrom({ GATEWAY_URL: 'http://x' })).toThrow(
      'not set: SMOKE_API_KEY, SMOKE_API_SECRET, SMOKE_PRICE, SMOKE_QUANTITY',
    );
    expect(() => settingsFrom({ ...complete, SMOKE_PRICE: '1e3' })).toThrow(
      'SMOKE_PRICE must be a decimal string',
    );
    expect(() => settingsFrom({ ...complete, SMOKE_SIDE: 'HOLD' })).toThrow('SMOKE_SIDE must be BUY or SELL');
  });
});

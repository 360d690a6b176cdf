import { botArguments, DEMO_MARKETS, describeRunning, seedArguments } from './demo';

describe('demo', () => {
  it('seeds the issue-11 markets and runs the bots on the ones the exchange has, with their start prices', () => {
    expect(seedArguments('http://h:1', '/d/c.json')).toEqual([
      'seed',
      'http://h:1',
      '/d/c.json',
      'BTCUSDT,ETHUSDT,SOLUSDT,ETHBTC',
    ]);
    expect(DEMO_MARKETS.map((m) => m.market)).toEqual(['BTC-USDT', 'ETH-USDT', 'SOL-USDT', 'ETH-BTC']);
    const args = botArguments('http://h:1', '/d/c.json', ['BTCUSDT', 'ETHBTC']);
    const value = (flag: string) => args[args.indexOf(flag) + 1];
    expect([value('--markets'), value('--start-prices'), value('--credentials')]).toEqual([
      'BTCUSDT,ETHBTC',
      'BTCUSDT=30000,ETHBTC=0.05',
      '/d/c.json',
    ]);
    expect(args).toContain('--maker');
  });

  it('prints every endpoint, the demo login and what the exchange lacks', () => {
    const lines = describeRunning(
      { gateway: 'http://127.0.0.1:8080', services: [{ name: 'users', url: 'http://127.0.0.1:3001' }] },
      {
        baseUrl: 'http://127.0.0.1:8080',
        traders: [{ email: 'a@x.com', password: 'p', apiKey: 'k' }],
        webUser: { email: 'demo@x.com', password: 'secret-pass' },
        markets: ['BTCUSDT'],
        missingMarkets: ['SOLUSDT'],
        missingAssets: ['SOL'],
      },
      '/d/c.json',
    ).join('\n');
    for (const expected of [
      'web          http://127.0.0.1:8080/',
      'http://127.0.0.1:8080/api/v3',
      'ws://127.0.0.1:8080/ws  ws://127.0.0.1:8080/stream  ws://127.0.0.1:8080/ws-api/v3 (WebSocket API)',
      'gRPC         not served by this gateway yet',
      'users        http://127.0.0.1:3001/metrics',
      'demo login   demo@x.com / secret-pass',
      'missing      markets SOLUSDT',
      'missing      assets SOL',
    ]) {
      expect(lines).toContain(expected);
    }
  });
});

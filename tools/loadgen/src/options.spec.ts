import { OptionsError, parseOptions } from './options';

describe(parseOptions.name, () => {
  it('reads the README example', () => {
    const sut = parseOptions(
      '--base-url http://x:8080 --credentials c.json --markets btcusdt,ETHUSDT --seed 42 --maker --takers 2 --rate 2'.split(
        ' ',
      ),
    );
    expect(sut).toMatchObject({
      baseUrl: 'http://x:8080',
      credentialsFile: 'c.json',
      markets: ['BTCUSDT', 'ETHUSDT'],
      seed: 42,
      maker: true,
      takers: 2,
      takerConfig: { rate: 2, orderType: 'ioc' },
      makerConfig: { levels: 3, reference: 'walk' },
    });
  });

  it('reads start prices', () => {
    const sut = parseOptions([
      '--api-key',
      'k',
      '--api-secret',
      's',
      '--takers',
      '1',
      '--start-prices',
      'BTCUSDT=30000,ethbtc=0.05',
    ]);
    expect([...sut.startPrices]).toEqual([
      ['BTCUSDT', '30000'],
      ['ETHBTC', '0.05'],
    ]);
  });

  it.each([
    [['--credentials', 'c', '--maker', '--rate', '0'], /--rate/],
    [['--credentials', 'c', '--maker', '--levels', '1.5'], /--levels/],
    [['--credentials', 'c', '--maker', '--reference', 'mid'], /--reference/],
    [['--credentials', 'c', '--maker', '--start-prices', 'BTCUSDT=1e3'], /--start-prices/],
    [['--credentials', 'c'], /nothing to run/],
    [['--maker'], /--credentials/],
    [['--credentials', 'c', '--maker', '--bogus'], /bogus/],
  ])('refuses %p', (argv, message) => {
    expect(() => parseOptions(argv)).toThrow(OptionsError);
    expect(() => parseOptions(argv)).toThrow(message);
  });
});

import { matchingConfigSchema } from './matching.config';

describe('matchingConfigSchema', () => {
  it('defaults to BTC-USDT and ETH-USDT, so the service boots without market configuration', () => {
    const sut = matchingConfigSchema.parse({});
    expect(sut).toMatchObject({
      MATCHING_MARKETS: ['BTC-USDT', 'ETH-USDT'],
      MATCHING_BATCH_MAX: 2000,
      MATCHING_SNAPSHOT_EVERY: 100_000,
      MATCHING_SNAPSHOT_HISTORY: 5,
    });
  });

  it('takes a comma-separated market list', () =>
    expect(matchingConfigSchema.parse({ MATCHING_MARKETS: ' SOL-USDT, BTC-EUR ' }).MATCHING_MARKETS).toEqual([
      'SOL-USDT',
      'BTC-EUR',
    ]));

  it.each([
    ['a bad market id', { MATCHING_MARKETS: 'btc_usdt' }],
    ['a repeated market', { MATCHING_MARKETS: 'BTC-USDT,BTC-USDT' }],
    ['an empty list', { MATCHING_MARKETS: ' , ' }],
    ['more history than a bucket keeps', { MATCHING_SNAPSHOT_HISTORY: '65' }],
    ['a zero batch', { MATCHING_BATCH_MAX: '0' }],
  ])('refuses %s', (_name, env) => expect(matchingConfigSchema.safeParse(env).success).toBe(false));
});

import { BinanceApiError } from '../binance/binance-error-code';
import { MarketQueryParser } from './market-query.parser';

function refusal(read: () => unknown): { code: number; msg: string } {
  try {
    read();
  } catch (error) {
    if (error instanceof BinanceApiError) return { code: error.code, msg: error.message };
    throw error;
  }
  throw new Error('accepted');
}

describe('MarketQueryParser', () => {
  it.each([
    [undefined, 86_400_000],
    ['1m', 60_000],
    ['59m', 59 * 60_000],
    ['1h', 3_600_000],
    ['23h', 23 * 3_600_000],
    ['1d', 86_400_000],
    ['7d', 7 * 86_400_000],
  ])('reads windowSize %s as %i ms', (windowSize, ms) => {
    expect(new MarketQueryParser({ windowSize }).windowSize()).toBe(ms);
  });

  it.each(['0m', '60m', '24h', '8d', '1w', '01m', '1', 'm', '1.5h', ' 1h', '1H'])(
    'refuses windowSize %p with -1100',
    (windowSize) => {
      expect(refusal(() => new MarketQueryParser({ windowSize }).windowSize()).code).toBe(-1100);
    },
  );

  it.each([
    [undefined, 0],
    ['0', 0],
    ['-0', 0],
    ['8', 480],
    ['+8', 480],
    ['-3', -180],
    ['05:45', 345],
    ['-1:00', -60],
    ['-12:00', -720],
    ['14', 840],
    ['+14:00', 840],
  ])('reads timeZone %p as %i minutes east of UTC', (timeZone, minutes) => {
    expect(new MarketQueryParser({ timeZone }).timeZoneMinutes()).toBe(minutes);
  });

  it.each(['15', '-13', '14:01', '-12:30', '5:60', '5:5', 'UTC', '1:00:00', '+-1'])(
    'refuses timeZone %p with -1100',
    (timeZone) => {
      expect(refusal(() => new MarketQueryParser({ timeZone }).timeZoneMinutes()).code).toBe(-1100);
    },
  );

  it('takes type FULL (the default) or MINI, nothing else', () => {
    expect(new MarketQueryParser({}).tickerType()).toBe('FULL');
    expect(new MarketQueryParser({ type: 'MINI' }).tickerType()).toBe('MINI');
    expect(refusal(() => new MarketQueryParser({ type: 'mini' }).tickerType()).code).toBe(-1100);
  });

  it('wants symbol or symbols for a window ticker, not both and not neither', () => {
    expect(new MarketQueryParser({ symbol: 'BTCUSDT' }).someSymbols()).toEqual({
      symbols: ['BTCUSDT'],
      one: true,
    });
    expect(new MarketQueryParser({ symbols: '["BTCUSDT","ETHBTC"]' }).someSymbols()).toEqual({
      symbols: ['BTCUSDT', 'ETHBTC'],
      one: false,
    });
    expect(refusal(() => new MarketQueryParser({}).someSymbols())).toEqual({
      code: -1102,
      msg: "Param 'symbol' or 'symbols' must be sent, but both were empty/null!",
    });
    expect(
      refusal(() => new MarketQueryParser({ symbol: 'BTCUSDT', symbols: '["ETHBTC"]' }).someSymbols()).code,
    ).toBe(-1128);
  });
});

import { cmdSubject, dlqCmdSubject, evtSubject, STREAMS } from './streams';
import { QUEUE_GROUPS, SUBJECTS } from './subjects';

describe('SUBJECTS', () => {
  const all = Object.values(SUBJECTS).flatMap((group) => Object.values(group));

  it('follow <svc>.<cmd|query|evt>.<name>.v<N>', () => {
    for (const subject of all) expect(subject).toMatch(/^[a-z-]+\.(cmd|query|evt)\.[a-z-]+\.v\d+$/);
  });

  it('are unique', () => expect(new Set(all).size).toBe(all.length));

  it('have a queue group for every service', () =>
    expect(Object.keys(QUEUE_GROUPS).sort()).toEqual(Object.keys(SUBJECTS).sort()));
});

describe('STREAMS', () => {
  it('build one subject per market inside the stream', () => {
    expect(cmdSubject('BTC-USDT')).toBe('cmd.BTC-USDT');
    expect(evtSubject('ETH-BTC')).toBe('evt.ETH-BTC');
    expect(dlqCmdSubject('SOL-USDT')).toBe('dlq.cmd.SOL-USDT');
    expect(STREAMS.CMD.subjects[0]).toBe('cmd.>');
    expect(STREAMS.DLQ.subjects[0]).toBe('dlq.>');
  });

  it.each(['btc-usdt', 'BTC.USDT', 'BTC-*', '', 'BTC->'])('refuses %p as a market', (market) => {
    expect(() => cmdSubject(market)).toThrow(/not a market id/);
  });
});

import { matchingCommandMessageSchema } from '@exchange/shared-contracts';

import { UsageError } from '../io';
import { marketStatusMessage } from './market.command';

describe(marketStatusMessage.name, () => {
  const sut = marketStatusMessage;

  it.each([
    ['halt', 'HALTED'],
    ['resume', 'TRADING'],
    ['cancel-only', 'CANCEL_ONLY'],
  ])('%s sets %s in a message the wire contract accepts', (action, status) => {
    const message = sut(action, 'ETH-USDT', 'cmd-1', 1_700_000_000_000);
    expect(matchingCommandMessageSchema.parse(message)).toEqual({
      v: 1,
      market: 'ETH-USDT',
      commandId: 'cmd-1',
      command: { type: 'status', status, ts: 1_700_000_000_000 },
    });
  });

  it('gives each command a fresh admin-<uuid> id by default', () => {
    const [a, b] = [sut('halt', 'BTC-USDT'), sut('halt', 'BTC-USDT')];
    expect(a.commandId).toMatch(/^admin-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(a.commandId).not.toBe(b.commandId);
  });

  it.each([
    ['pause', 'BTC-USDT', undefined, 'unknown market action "pause"'],
    ['halt', 'btc-usdt', undefined, 'invalid market:'],
    ['halt', 'BTC-USDT', 'x'.repeat(65), 'invalid commandId:'],
  ])('refuses %s %s (command id %s)', (action, market, commandId, message) => {
    expect(() => sut(action, market, commandId)).toThrow(UsageError);
    expect(() => sut(action, market, commandId)).toThrow(message);
  });
});

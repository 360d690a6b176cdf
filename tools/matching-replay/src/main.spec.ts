import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../../..');

/** Runs the real CLI from the repository root, as `npm run -s matching-replay` does. */
function replay(input: string, ...args: string[]) {
  const result = spawnSync(process.execPath, ['tools/run.cjs', 'tools/matching-replay/src/main.ts', ...args], {
    cwd: root,
    input,
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const journal = [
  { type: 'place', orderId: 'o1', userId: 'u1', side: 'SELL', orderType: 'LIMIT', timeInForce: 'GTC', price: 101, quantity: 5, ts: 1 },
  { type: 'place', orderId: 'o2', userId: 'u1', side: 'SELL', orderType: 'LIMIT', timeInForce: 'GTC', price: 102, quantity: 1, ts: 2 },
  { type: 'place', orderId: 'o3', userId: 'u2', side: 'BUY', orderType: 'LIMIT', timeInForce: 'GTC', price: 99, quantity: 4, ts: 3 },
  { type: 'place', orderId: 'o4', userId: 'u2', side: 'BUY', orderType: 'MARKET', quantity: 2, ts: 4 },
  { type: 'amend', orderId: 'o1', userId: 'u1', quantity: 1, ts: 5 },
  { type: 'cancel', orderId: 'o3', userId: 'u1', ts: 6 },
  { type: 'place', orderId: 'o5', userId: 'u3', side: 'BUY', orderType: 'LIMIT', timeInForce: 'GTC', price: 99, quantity: 2, ts: 7 },
]
  .map((c) => JSON.stringify(c))
  .join('\n');

describe('matching-replay', () => {
  it('writes the events as JSON lines and, with --book, a final book line', () => {
    const { status, stdout, stderr } = replay(journal + '\n', '--book');
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout.split('\n')).toEqual([
      '{"type":"accepted","seq":1,"ts":1,"orderId":"o1","userId":"u1","side":"SELL","orderType":"LIMIT","timeInForce":"GTC","price":101,"quantity":5,"stp":"NONE"}',
      '{"type":"accepted","seq":2,"ts":2,"orderId":"o2","userId":"u1","side":"SELL","orderType":"LIMIT","timeInForce":"GTC","price":102,"quantity":1,"stp":"NONE"}',
      '{"type":"accepted","seq":3,"ts":3,"orderId":"o3","userId":"u2","side":"BUY","orderType":"LIMIT","timeInForce":"GTC","price":99,"quantity":4,"stp":"NONE"}',
      '{"type":"accepted","seq":4,"ts":4,"orderId":"o4","userId":"u2","side":"BUY","orderType":"MARKET","quantity":2,"stp":"NONE"}',
      '{"type":"trade","seq":5,"ts":4,"price":101,"quantity":2,"makerOrderId":"o1","takerOrderId":"o4","makerUserId":"u1","takerUserId":"u2","takerSide":"BUY","makerRemaining":3,"takerRemaining":0}',
      '{"type":"amended","seq":6,"ts":5,"orderId":"o1","userId":"u1","quantity":1,"previousQuantity":3,"priority":"KEPT"}',
      '{"type":"rejected","seq":7,"ts":6,"command":"cancel","orderId":"o3","userId":"u1","reason":"NOT_ORDER_OWNER","code":3003,"field":"userId"}',
      '{"type":"accepted","seq":8,"ts":7,"orderId":"o5","userId":"u3","side":"BUY","orderType":"LIMIT","timeInForce":"GTC","price":99,"quantity":2,"stp":"NONE"}',
      '{"type":"book","bids":[[99,4,"o3"],[99,2,"o5"]],"asks":[[101,1,"o1"],[102,1,"o2"]]}',
      '',
    ]);
  });

  it('reports malformed lines with their line number on stderr, goes on, and exits with 1', () => {
    const lines = journal.split('\n');
    const input = [lines[0], '{"type":"place",', '', lines[1], '42', 'null', lines[2]].join('\n');
    const { status, stdout, stderr } = replay(input);
    expect(status).toBe(1);
    expect(stderr.split('\n')).toEqual([
      expect.stringMatching(/^line 2: malformed JSON: /),
      'line 5: not a JSON object',
      'line 6: not a JSON object',
      '',
    ]);
    expect(stdout.split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { orderId: string }).orderId)).toEqual(['o1', 'o2', 'o3']);
    expect(stdout).not.toContain('"type":"book"');
  });

  it('gives byte-identical output on every run of the same journal', () => {
    const commands: string[] = [];
    for (let i = 0; i < 2000; i++) {
      const side = i % 2 === 0 ? 'BUY' : 'SELL';
      const price = 100 + ((i * 7919) % 21) - 10;
      if (i % 9 === 4) commands.push(JSON.stringify({ type: 'cancel', orderId: `o${i - 3}`, userId: `u${(i - 3) % 5}`, ts: i }));
      else commands.push(JSON.stringify({ type: 'place', orderId: `o${i}`, userId: `u${i % 5}`, side, orderType: 'LIMIT', timeInForce: 'GTC', price, quantity: 1 + (i % 7), stp: 'EXPIRE_MAKER', ts: i }));
    }
    const first = replay(commands.join('\n'), '--book');
    expect(first.status).toBe(0);
    expect(replay(commands.join('\n'), '--book').stdout).toBe(first.stdout);
    expect(first.stdout.split('\n').length).toBeGreaterThan(2000);
  });

  it('rejects unknown arguments with a usage message', () => {
    const { status, stderr } = replay('', '--bogus');
    expect(status).toBe(2);
    expect(stderr).toContain('usage: npm run -s matching-replay');
  });
});

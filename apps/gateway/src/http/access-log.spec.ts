import { Writable } from 'node:stream';

import { createLogger } from '@exchange/shared-util-logging';

import { AccessLog } from './access-log';

function memoryLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      callback();
    },
  });
  return { lines, logger: createLogger({ service: 'gateway', destination: stream }) };
}

describe(AccessLog.name, () => {
  it('counts fast successes per route and status, and writes them as one line each on flush', () => {
    const { lines, logger } = memoryLogger();
    const sut = new AccessLog(logger, { ACCESS_LOG_SLOW_MS: 100, ACCESS_LOG_SUMMARY_MS: 60_000 });
    const alone: string[] = [];
    sut.completed('/api/v3/depth', 200, 2, () => alone.push('depth 2'));
    sut.completed('/api/v3/depth', 200, 4, () => alone.push('depth 4'));
    sut.completed('/api/v3/ping', 200, 1, () => alone.push('ping'));
    expect(alone).toEqual([]);
    expect(lines).toEqual([]);
    sut.flush();
    expect(lines).toEqual([
      expect.objectContaining({
        msg: 'requests completed',
        req: { method: 'GET', route: '/api/v3/depth' },
        res: { statusCode: 200 },
        count: 2,
        meanResponseTimeMs: 3,
        maxResponseTimeMs: 4,
      }),
      expect.objectContaining({ req: { method: 'GET', route: '/api/v3/ping' }, count: 1 }),
    ]);
    // Nothing counted since: nothing written.
    sut.flush();
    expect(lines).toHaveLength(2);
    sut.close();
  });

  it('counts orders apart from reads of the same path, under their own method', () => {
    const { lines, logger } = memoryLogger();
    const sut = new AccessLog(logger, { ACCESS_LOG_SLOW_MS: 100, ACCESS_LOG_SUMMARY_MS: 60_000 });
    const alone: string[] = [];
    sut.completed('/api/v3/order', 200, 3, () => alone.push('post'), 'POST');
    sut.completed('/api/v3/order', 200, 5, () => alone.push('post'), 'POST');
    sut.completed('/api/v3/order', 200, 1, () => alone.push('get'));
    sut.completed('/api/v3/order', 400, 1, () => alone.push('refused'), 'POST');
    expect(alone).toEqual(['refused']);
    sut.close();
    expect(lines).toEqual([
      expect.objectContaining({
        req: { method: 'POST', route: '/api/v3/order' },
        res: { statusCode: 200 },
        count: 2,
        meanResponseTimeMs: 4,
        maxResponseTimeMs: 5,
      }),
      expect.objectContaining({ req: { method: 'GET', route: '/api/v3/order' }, count: 1 }),
    ]);
  });

  it('has refusals, slow answers, and every answer when summaries are off, logged one by one', () => {
    const { lines, logger } = memoryLogger();
    const sut = new AccessLog(logger, { ACCESS_LOG_SLOW_MS: 100, ACCESS_LOG_SUMMARY_MS: 60_000 });
    const alone: string[] = [];
    sut.completed('/api/v3/depth', 400, 1, () => alone.push('400'));
    sut.completed('/api/v3/depth', 429, 1, () => alone.push('429'));
    sut.completed('/api/v3/depth', 500, 1, () => alone.push('500'));
    sut.completed('/api/v3/depth', 200, 100, () => alone.push('slow'));
    expect(alone).toEqual(['400', '429', '500', 'slow']);
    sut.close();
    expect(lines).toEqual([]);

    const off = new AccessLog(logger, { ACCESS_LOG_SLOW_MS: 100, ACCESS_LOG_SUMMARY_MS: 0 });
    off.completed('/api/v3/ping', 200, 1, () => alone.push('each'));
    expect(alone).toContain('each');
    off.close();
  });
});

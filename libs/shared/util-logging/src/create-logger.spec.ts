import { Writable } from 'node:stream';

import { createLogger } from './create-logger';
import { runWithRequestContext } from './request-context';

function memoryDestination() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      callback();
    },
  });
  return { lines, stream };
}

describe(createLogger.name, () => {
  it('writes JSON lines with the service, a level label and an ISO time', () => {
    const { lines, stream } = memoryDestination();
    const sut = createLogger({ service: 'wallet', destination: stream });
    sut.info({ orderId: 'o1' }, 'order accepted');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      service: 'wallet',
      level: 'info',
      msg: 'order accepted',
      orderId: 'o1',
    });
    expect(new Date(lines[0].time as string).toISOString()).toBe(lines[0].time);
  });

  it('stamps lines written inside a request context with its ids', () => {
    const { lines, stream } = memoryDestination();
    const sut = createLogger({ service: 'gateway', destination: stream });
    runWithRequestContext({ requestId: 'r-1', traceId: 'a'.repeat(32) }, () => sut.warn('inside'));
    sut.warn('outside');
    expect(lines[0]).toMatchObject({ msg: 'inside', requestId: 'r-1', traceId: 'a'.repeat(32) });
    expect(lines[1]).not.toHaveProperty('requestId');
  });

  it('honours the level', () => {
    const { lines, stream } = memoryDestination();
    const sut = createLogger({ service: 'users', level: 'warn', destination: stream });
    sut.info('dropped');
    sut.error('kept');
    expect(lines.map((l) => l.msg)).toEqual(['kept']);
  });
});

import { Writable } from 'node:stream';

import { createLogger } from './create-logger';
import { NestPinoLogger } from './nest-logger';

describe(NestPinoLogger.name, () => {
  it('maps Nest levels and context to pino lines', () => {
    const lines: Record<string, unknown>[] = [];
    const destination = new Writable({
      write(chunk, _e, cb) {
        lines.push(JSON.parse(String(chunk)));
        cb();
      },
    });
    const sut = new NestPinoLogger(createLogger({ service: 's', level: 'trace', destination }));
    sut.log('started', 'NestApplication');
    sut.error('failed', 'Error: failed\n    at x', 'Boot');
    sut.verbose({ detail: 1 }, 'Ctx');
    expect(lines[0]).toMatchObject({ level: 'info', msg: 'started', context: 'NestApplication' });
    expect(lines[1]).toMatchObject({
      level: 'error',
      msg: 'failed',
      context: 'Boot',
      stack: 'Error: failed\n    at x',
    });
    expect(lines[2]).toMatchObject({ level: 'trace', detail: 1, context: 'Ctx' });
  });
});

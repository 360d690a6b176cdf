import { Writable } from 'node:stream';

import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';

import { createLogger } from './create-logger';
import { redactUrl } from './logging.module';
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

  it('never writes a secret or token, wherever it sits in the logged object', () => {
    const { lines, stream } = memoryDestination();
    const sut = createLogger({ service: 'gateway', destination: stream });
    const secrets = {
      bearer: 'Bearer eyJhbGciOiJFZERTQSJ9.c2VjcmV0.c2ln',
      apiKey: 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A',
      signature: 'c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71',
      password: 'tangerine-Orbit-4-lamps',
      newPassword: 'another-Orbit-5-lamps',
      refreshToken: 'rt_9f8e7d6c5b4a39281706f5e4d3c2b1a0',
      totp: '492039',
      secret: 'NxVqJ3cYb8rT2kLmWp5sZ7dF',
      otpauthUri: 'otpauth://totp/Exchange:a@b.c?secret=JBSWY3DPEHPK3PXP',
    };
    sut.info(
      {
        req: {
          method: 'POST',
          headers: {
            authorization: secrets.bearer,
            'x-mbx-apikey': secrets.apiKey,
            'content-type': 'application/json',
          },
          body: { email: 'a@example.com', password: secrets.password, signature: secrets.signature },
        },
      },
      'request received',
    );
    sut.warn(
      {
        body: { currentPassword: secrets.password, newPassword: secrets.newPassword, mfaCode: secrets.totp },
        session: { refreshToken: secrets.refreshToken },
        key: { apiKey: secrets.apiKey, secret: secrets.secret },
        enrolment: { otpauthUri: secrets.otpauthUri },
      },
      'nested',
    );
    sut.error(
      { err: { config: { headers: { Authorization: secrets.bearer, authorization: secrets.bearer } } } },
      'e',
    );
    sut.info({ password: secrets.password, token: secrets.refreshToken }, 'top level');
    // Counts and flags named after a secret are not secrets.
    sut.info({ rewrapped: { totp: 2, 'api-key': 0 }, mfa: { totp: true } }, 'counts');
    expect(lines[lines.length - 1]).toMatchObject({
      rewrapped: { totp: 2, 'api-key': 0 },
      mfa: { totp: true },
    });
    const written = JSON.stringify(lines);
    for (const [name, value] of Object.entries(secrets))
      expect({ name, leaked: written.includes(value) }).toEqual({ name, leaked: false });
    expect(lines[0]).toMatchObject({
      req: {
        method: 'POST',
        headers: {
          authorization: '[Redacted]',
          'x-mbx-apikey': '[Redacted]',
          'content-type': 'application/json',
        },
        body: { email: 'a@example.com', password: '[Redacted]', signature: '[Redacted]' },
      },
    });
  });

  it('redacts credentials in logged URLs and keeps the other parameters', () => {
    expect(redactUrl('/api/v3/order?symbol=BTCUSDT&timestamp=1&signature=abcdef&recvWindow=5000')).toBe(
      '/api/v3/order?symbol=BTCUSDT&timestamp=1&signature=[Redacted]&recvWindow=5000',
    );
    expect(redactUrl('/api/v3/userDataStream?listenKey=xyz')).toBe(
      '/api/v3/userDataStream?listenKey=[Redacted]',
    );
    expect(redactUrl('/api/v3/depth?symbol=BTCUSDT')).toBe('/api/v3/depth?symbol=BTCUSDT');
  });

  it("stamps lines with the active OpenTelemetry span's trace and span ids", () => {
    const contextManager = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(contextManager);
    const provider = new BasicTracerProvider();
    trace.setGlobalTracerProvider(provider);
    try {
      const { lines, stream } = memoryDestination();
      const sut = createLogger({ service: 'wallet', destination: stream });
      const tracer = trace.getTracer('spec');
      let ids: { traceId: string; spanId: string } | undefined;
      runWithRequestContext({ requestId: 'r-2', traceId: 'b'.repeat(32) }, () =>
        tracer.startActiveSpan('handle', (span) => {
          ids = span.spanContext();
          sut.info('inside the span');
          span.end();
        }),
      );
      expect(lines[0]).toMatchObject({
        msg: 'inside the span',
        requestId: 'r-2',
        traceId: ids!.traceId,
        spanId: ids!.spanId,
      });
      expect(ids!.traceId).not.toBe('b'.repeat(32));
    } finally {
      trace.disable();
      context.disable();
    }
  });
});

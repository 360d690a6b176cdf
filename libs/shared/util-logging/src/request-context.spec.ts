import { parseTraceparent, requestContextFromHeaders } from './request-context';

describe(parseTraceparent.name, () => {
  it('reads trace and span ids from a valid header', () => {
    expect(parseTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')).toEqual({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
    });
  });

  it.each([
    undefined,
    '',
    'garbage',
    '00-00000000000000000000000000000000-00f067aa0ba902b7-01',
    '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01',
  ])('ignores %p', (header) => expect(parseTraceparent(header)).toBeUndefined());
});

describe(requestContextFromHeaders.name, () => {
  it('keeps a well-formed request id and trace', () => {
    const sut = requestContextFromHeaders({
      'x-request-id': 'abc-123',
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    });
    expect(sut).toEqual({
      requestId: 'abc-123',
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
    });
  });

  it('replaces a hostile request id and makes a new trace id', () => {
    const sut = requestContextFromHeaders({ 'x-request-id': 'bad id\nwith newline' });
    expect(sut.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(sut.traceId).toMatch(/^[0-9a-f]{32}$/);
  });
});

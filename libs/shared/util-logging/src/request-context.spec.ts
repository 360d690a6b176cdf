import { parseTraceparent, requestContextFromHeaders, requestIdFromHeaders } from './request-context';

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

describe(requestIdFromHeaders.name, () => {
  it("keeps a sane caller's id (the first of a repeated header) and replaces anything else", () => {
    expect(requestIdFromHeaders({ 'x-request-id': 'req_1.a:b-c' })).toBe('req_1.a:b-c');
    expect(requestIdFromHeaders({ 'x-request-id': ['first', 'second'] })).toBe('first');
    expect(requestIdFromHeaders({ 'x-request-id': 'x'.repeat(129) })).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdFromHeaders({ 'x-request-id': 'a b' })).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdFromHeaders({})).not.toBe(requestIdFromHeaders({}));
  });
});

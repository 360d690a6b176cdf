import { decodeStatus, encodeStatus, ERROR_DOMAIN } from './status-details';

describe('google.rpc.Status details', () => {
  it('round-trips ErrorInfo with metadata and RetryInfo', () => {
    const status = {
      code: 8,
      message: 'Too many new orders; current limit is 100 orders per 10 SECOND.',
      errorInfo: {
        reason: 'TOO_MANY_ORDERS',
        domain: ERROR_DOMAIN,
        metadata: { binance_code: '-1015', limit: '100' },
      },
      retryDelayMs: 7_250,
    };
    expect(decodeStatus(encodeStatus(status))).toEqual(status);
  });

  it('encodes the wire form googleapis defines (field numbers, Any type URL)', () => {
    const bytes = Buffer.from(
      encodeStatus({ code: 5, message: 'x', errorInfo: { reason: 'R', domain: 'd', metadata: {} } }),
    );
    // code = 5 (field 1 varint), message "x" (field 2), details (field 3) holding an Any.
    expect([...bytes.subarray(0, 5)]).toEqual([0x08, 5, 0x12, 1, 0x78]);
    expect(bytes[5]).toBe(0x1a);
    expect(bytes.toString('latin1')).toContain('type.googleapis.com/google.rpc.ErrorInfo');
  });

  it('skips details of types it does not know', () => {
    const known = encodeStatus({ code: 3, message: 'bad' });
    const foreignAny = Buffer.from([0x0a, 3, 0x61, 0x2f, 0x62, 0x12, 1, 0x00]); // type_url "a/b", value 0x00
    const withForeign = Buffer.concat([
      Buffer.from(known),
      Buffer.from([0x1a, foreignAny.length]),
      foreignAny,
    ]);
    expect(decodeStatus(withForeign)).toEqual({ code: 3, message: 'bad' });
  });
});

import { RejectionCode, rejectionReason } from './rejection-code.enum';

describe('RejectionCode', () => {
  const codes = Object.values(RejectionCode).filter((v): v is number => typeof v === 'number');

  it('gives every reason its own number', () => {
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.length).toBe(Object.keys(RejectionCode).length / 2);
  });

  it('numbers reasons by subsystem: 1xxx shape, 2xxx market status, 3xxx order rules', () => {
    for (const code of codes) expect([1, 2, 3]).toContain(Math.floor(code / 1000));
    expect(rejectionReason(RejectionCode.UNKNOWN_ORDER)).toBe('UNKNOWN_ORDER');
  });
});

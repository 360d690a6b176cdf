import { status } from '@grpc/grpc-js';

import { decodeStatus, GRPC_STATUS_DETAILS_KEY } from '@exchange/shared-contracts-grpc';

import { BinanceApiError, BinanceErrorCode } from '../binance/binance-error-code';
import { toGrpcError } from './grpc-status';

const mapped = (error: unknown) => {
  const { grpc, unexpected } = toGrpcError(error);
  const rich = decodeStatus(grpc.metadata.get(GRPC_STATUS_DETAILS_KEY)[0] as Buffer);
  return { code: grpc.code, binanceCode: rich.errorInfo?.metadata['binance_code'], unexpected };
};

describe('toGrpcError', () => {
  it.each([
    ['-2015 (key, IP, permission)', BinanceErrorCode.REJECTED_MBX_KEY, 401, status.UNAUTHENTICATED],
    ['-1130 (a bad parameter)', BinanceErrorCode.INVALID_PARAMETER, 400, status.INVALID_ARGUMENT],
    ["the wallet's 2102 (400)", 2102 as BinanceErrorCode, 400, status.INVALID_ARGUMENT],
    ['-1001 (no answer)', BinanceErrorCode.DISCONNECTED, 503, status.UNAVAILABLE],
    ["the wallet's 2920 without a chain (503)", 2920 as BinanceErrorCode, 503, status.UNAVAILABLE],
    ['another 5xx', 2999 as BinanceErrorCode, 500, status.INTERNAL],
  ])('maps %s with its Binance code in ErrorInfo', (_name, code, httpStatus, expected) => {
    expect(mapped(new BinanceApiError(code, 'refused', httpStatus))).toEqual({
      code: expected,
      binanceCode: String(code),
      unexpected: false,
    });
  });

  it('answers anything else INTERNAL -1000, for the caller to log', () => {
    expect(mapped(new Error('boom'))).toEqual({
      code: status.INTERNAL,
      binanceCode: '-1000',
      unexpected: true,
    });
  });
});

import { UsersErrorCode, WALLET_RPC_ERRORS } from '@exchange/shared-contracts';

import { BinanceApiError } from '../binance/binance-error-code';
import { ServiceRequestError } from '../services/service-client.repository';
import { toApiV1Error } from './service-error.mapper';

function mapped(subject: string, code: number) {
  const result = toApiV1Error(new ServiceRequestError(subject, { code, message: 'm' }));
  return result instanceof BinanceApiError ? [result.httpStatus, result.code] : 'unmapped';
}

describe(toApiV1Error.name, () => {
  it("passes the users service's codes through with a fitting status", () => {
    expect(mapped('users.cmd.login.v1', UsersErrorCode.MFA_REQUIRED)).toEqual([401, 1301]);
    expect(mapped('users.cmd.sign-up.v1', UsersErrorCode.EMAIL_TAKEN)).toEqual([409, 1101]);
    expect(mapped('users.cmd.revoke-api-key.v1', UsersErrorCode.API_KEY_NOT_FOUND)).toEqual([404, 1401]);
    expect(mapped('users.cmd.login.v1', UsersErrorCode.LOGIN_LOCKED)).toEqual([429, 1105]);
    expect(mapped('users.cmd.login.v1', UsersErrorCode.INTERNAL)).toBe('unmapped');
  });

  it("passes the wallet's codes through: 403 for the faucet when off, 400 otherwise, 500 for internal", () => {
    expect(mapped('wallet.cmd.faucet-deposit.v1', WALLET_RPC_ERRORS.FAUCET_DISABLED)).toEqual([403, 2912]);
    expect(mapped('wallet.cmd.request-withdrawal.v1', 2101)).toEqual([400, 2101]);
    expect(mapped('wallet.cmd.request-withdrawal.v1', WALLET_RPC_ERRORS.INTERNAL)).toBe('unmapped');
  });
});

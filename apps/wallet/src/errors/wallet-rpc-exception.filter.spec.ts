import { RpcException } from '@nestjs/microservices';

import { WALLET_RPC_ERRORS } from '@exchange/shared-contracts';
import { MoneyErrorCode } from '@exchange/shared-domain-money';
import { WalletErrorCode } from '@exchange/wallet-domain';

import { toRpcError } from './wallet-rpc-exception.filter';
import { WalletError } from './wallet.error';

describe(toRpcError.name, () => {
  it('keeps the code and message of a WalletError', () => {
    const sut = toRpcError(new WalletError(WalletErrorCode.INSUFFICIENT_FUNDS, 'short'));
    expect(sut).toEqual({ code: 2101, message: 'short' });
  });

  it('passes an RpcException payload through and hides anything unexpected', () => {
    expect(toRpcError(new RpcException({ code: 7, message: 'x' }))).toEqual({ code: 7, message: 'x' });
    expect(toRpcError(new Error('secret detail'))).toEqual({
      code: WALLET_RPC_ERRORS.INTERNAL,
      message: 'internal error',
    });
  });

  it('uses app codes that collide with no domain code', () => {
    const domain = new Set<number>([
      ...Object.values(MoneyErrorCode).filter((v): v is number => typeof v === 'number'),
      ...Object.values(WalletErrorCode).filter((v): v is number => typeof v === 'number'),
    ]);
    for (const code of Object.values(WALLET_RPC_ERRORS)) expect(domain.has(code)).toBe(false);
  });
});

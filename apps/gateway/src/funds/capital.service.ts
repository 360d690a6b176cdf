import { Injectable } from '@nestjs/common';

import {
  depositsReplySchema,
  WALLET_RPC_ERRORS,
  WALLET_SUBJECTS,
  type WithdrawalView,
  withdrawalsReplySchema,
} from '@exchange/shared-contracts';

import { type RequestParams } from '../auth/request-params';
import { BinanceApiError, BinanceErrorCode } from '../binance/binance-error-code';
import { ServiceClientRepository, ServiceRequestError } from '../services/service-client.repository';
import { integerParam } from '../trading/order-params.parser';
import { DEPOSIT_SUCCESS, mapDeposit, mapWithdrawal, WITHDRAW_STATUS } from './capital.mapper';

const MAX_MS = Number.MAX_SAFE_INTEGER;
const COIN = /^[A-Z0-9]{1,20}$/;
const STATUS_OF = new Map(
  Object.entries(WITHDRAW_STATUS).map(([s, n]) => [n, s as WithdrawalView['status']]),
);

/**
 * Deposit and withdrawal history in Binance's `/sapi/v1/capital` shapes (signed) and under `/api/v1` (session):
 * the caller's own rows only (the wallet filters by the user id), newest first, `coin`, `status`, `startTime`,
 * `endTime`, `offset` and `limit` (1..1000, default 1000) as Binance takes them.
 */
@Injectable()
export class CapitalService {
  constructor(private readonly services: ServiceClientRepository) {}

  async deposits(userId: string, params: RequestParams) {
    params.allowOnly(['coin', 'status', 'startTime', 'endTime', 'offset', 'limit', 'txId', 'includeSource']);
    const status = integerParam(params, 'status', { min: 0, max: 8 });
    const txId = params.get('txId');
    // Every deposit here is credited (status 1): any other status has none.
    if (status !== undefined && status !== DEPOSIT_SUCCESS) return [];
    const { deposits } = await this.wallet(
      WALLET_SUBJECTS.query.deposits,
      { userId, ...page(params) },
      depositsReplySchema,
    );
    return deposits.map(mapDeposit).filter((d) => txId === undefined || d.txId === txId);
  }

  async withdrawals(userId: string, params: RequestParams) {
    params.allowOnly([
      'coin',
      'withdrawOrderId',
      'status',
      'startTime',
      'endTime',
      'offset',
      'limit',
      'idList',
    ]);
    const status = integerParam(params, 'status', { min: 0, max: 6 });
    const ids = params.get('idList')?.split(',');
    if (status !== undefined && !STATUS_OF.has(status)) return [];
    // Withdrawals here carry no client order id: asking for one finds none.
    if (params.has('withdrawOrderId')) return [];
    const { withdrawals } = await this.wallet(
      WALLET_SUBJECTS.query.withdrawals,
      { userId, ...page(params), ...(status !== undefined && { status: STATUS_OF.get(status) }) },
      withdrawalsReplySchema,
    );
    return withdrawals.map(mapWithdrawal).filter((w) => ids === undefined || ids.includes(w.id));
  }

  private async wallet<Schema extends Parameters<ServiceClientRepository['request']>[2]>(
    subject: string,
    payload: unknown,
    schema: Schema,
  ) {
    try {
      return await this.services.request(subject, payload, schema);
    } catch (error) {
      if (error instanceof ServiceRequestError) {
        const code = Number(error.serviceError.code);
        if (code === WALLET_RPC_ERRORS.UNKNOWN_ASSET) {
          throw new BinanceApiError(BinanceErrorCode.INVALID_PARAMETER, 'Invalid coin.');
        }
        if (code === WALLET_RPC_ERRORS.VALIDATION_FAILED) {
          throw new BinanceApiError(BinanceErrorCode.INVALID_PARAMETER, error.serviceError.message);
        }
      }
      throw error;
    }
  }
}

function page(params: RequestParams) {
  const coin = params.get('coin');
  if (coin !== undefined && !COIN.test(coin)) {
    throw new BinanceApiError(BinanceErrorCode.INVALID_PARAMETER, 'Invalid coin.');
  }
  const startTime = integerParam(params, 'startTime', { min: 0, max: MAX_MS });
  const endTime = integerParam(params, 'endTime', { min: 0, max: MAX_MS });
  const offset = integerParam(params, 'offset', { min: 0, max: 1_000_000 });
  const limit = integerParam(params, 'limit', { min: 1, max: 1000 });
  if (startTime !== undefined && endTime !== undefined && startTime > endTime) {
    throw new BinanceApiError(BinanceErrorCode.INVALID_PARAMETER, 'startTime must not be after endTime.');
  }
  return {
    ...(coin !== undefined && { asset: coin }),
    ...(startTime !== undefined && { startTime }),
    ...(endTime !== undefined && { endTime }),
    ...(offset !== undefined && { offset }),
    ...(limit !== undefined && { limit }),
  };
}

import { Injectable } from '@nestjs/common';

import {
  depositAddressReplySchema,
  depositsReplySchema,
  type DepositView,
  simTransferReplySchema,
  WALLET_RPC_ERRORS,
  WALLET_SUBJECTS,
  type WithdrawalView,
  withdrawalsReplySchema,
} from '@exchange/shared-contracts';
import { parseDecimal } from '@exchange/shared-domain-money';

import { type RequestParams } from '../auth/request-params';
import { BinanceApiError, BinanceErrorCode } from '../binance/binance-error-code';
import { ServiceClientRepository, ServiceRequestError } from '../services/service-client.repository';
import { toApiV1Error } from '../account/service-error.mapper';
import { MarketCatalogRepository } from '../trading/market-catalog.repository';
import { booleanParam, decimalParam, integerParam } from '../trading/order-params.parser';
import { DEPOSIT_STATUS, mapDeposit, mapWithdrawal, WITHDRAW_STATUS } from './capital.mapper';

const MAX_MS = Number.MAX_SAFE_INTEGER;
const COIN = /^[A-Z0-9]{1,20}$/;
const DEPOSIT_STATUS_OF = new Map(
  Object.entries(DEPOSIT_STATUS).map(([s, n]) => [n, s as DepositView['status']]),
);
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
  constructor(
    private readonly services: ServiceClientRepository,
    private readonly markets: MarketCatalogRepository,
  ) {}

  async deposits(userId: string, params: RequestParams) {
    params.allowOnly(['coin', 'status', 'startTime', 'endTime', 'offset', 'limit', 'txId', 'includeSource']);
    const status = integerParam(params, 'status', { min: 0, max: 8 });
    // Every deposit here comes from a chain or the faucet; there is no source address to include.
    booleanParam(params, 'includeSource');
    const txId = params.get('txId');
    // Every parameter is checked before an answer of nothing is known to be right.
    const paging = page(params);
    // Deposits here are pending (0), credited (1) or reverted (7): any other status has none.
    if (status !== undefined && !DEPOSIT_STATUS_OF.has(status)) return [];
    const { deposits } = await this.wallet(
      WALLET_SUBJECTS.query.deposits,
      {
        userId,
        ...paging,
        ...(status !== undefined && { status: DEPOSIT_STATUS_OF.get(status) }),
      },
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
    // Every parameter is checked before an answer of nothing is known to be right.
    const paging = page(params);
    if (status !== undefined && !STATUS_OF.has(status)) return [];
    // Withdrawals here carry no client order id: asking for one finds none.
    if (params.has('withdrawOrderId')) return [];
    const { withdrawals } = await this.wallet(
      WALLET_SUBJECTS.query.withdrawals,
      { userId, ...paging, ...(status !== undefined && { status: STATUS_OF.get(status) }) },
      withdrawalsReplySchema,
    );
    return withdrawals.map(mapWithdrawal).filter((w) => ids === undefined || ids.includes(w.id));
  }

  /**
   * Binance's `GET /sapi/v1/capital/deposit/address`: `{ address, coin, tag, url }` for `coin` (mandatory) on
   * `network` (optional; each coin has one network here, named like the coin). The wallet creates the address on
   * the first request and answers the same one afterwards.
   */
  async depositAddress(userId: string, params: RequestParams) {
    params.allowOnly(['coin', 'network', 'amount']);
    const coin = params.get('coin');
    if (coin === undefined || coin === '') {
      throw new BinanceApiError(
        BinanceErrorCode.MANDATORY_PARAM_EMPTY_OR_MALFORMED,
        "Mandatory parameter 'coin' was not sent, was empty/null, or malformed.",
      );
    }
    if (!COIN.test(coin)) throw new BinanceApiError(BinanceErrorCode.INVALID_PARAMETER, 'Invalid coin.');
    const network = params.get('network');
    if (network !== undefined && network !== '' && network !== coin) {
      throw new BinanceApiError(BinanceErrorCode.INVALID_PARAMETER, 'Invalid network.');
    }
    // Checked before the wallet is asked, so a malformed request is a 4xx even with no chain behind it (503).
    const amount = decimalParam(params, 'amount');
    if (amount !== undefined && !(await this.isAmountOf(coin, amount))) {
      throw new BinanceApiError(BinanceErrorCode.INVALID_PARAMETER, 'Invalid amount.');
    }
    const reply = await this.wallet(
      WALLET_SUBJECTS.cmd.depositAddress,
      { userId, asset: coin },
      depositAddressReplySchema,
    );
    return { address: reply.address, coin: reply.asset, tag: reply.tag, url: '' };
  }

  /**
   * Whether `amount` (well formed) is a positive amount of `coin`: no more decimals than the coin has, where a listed
   * market tells its decimals (a coin of no market is left to the wallet, which refuses one it does not list).
   */
  private async isAmountOf(coin: string, amount: string): Promise<boolean> {
    if (!/[1-9]/.test(amount)) return false;
    for (const { scale } of await this.markets.all()) {
      const asset =
        scale.base.code === coin ? scale.base : scale.quote.code === coin ? scale.quote : undefined;
      if (asset) return parseDecimal(amount, asset.decimals).ok;
    }
    return true;
  }

  /**
   * The demo's "somebody sends me coins": a transfer of `amount` `asset` on the simulated chain to the user's own
   * deposit address (created if needed). It shows up as a pending deposit and is credited after the confirmations.
   */
  async simulateDeposit(userId: string, body: { asset: string; amount: string }) {
    const { address } = await this.wallet(
      WALLET_SUBJECTS.cmd.depositAddress,
      { userId, asset: body.asset },
      depositAddressReplySchema,
    );
    const transfer = await this.wallet(
      WALLET_SUBJECTS.cmd.simTransfer,
      { asset: body.asset, address, amount: body.amount },
      simTransferReplySchema,
    );
    return { ...transfer, address, asset: body.asset, amount: body.amount };
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
        if (code === WALLET_RPC_ERRORS.CHAIN_UNAVAILABLE) {
          // No chain behind the wallet: the wallet's own code, as a service that is not there.
          throw new BinanceApiError(
            code as BinanceErrorCode,
            'Deposits from a chain are not available.',
            503,
          );
        }
        const v1 = toApiV1Error(error);
        if (v1 !== error) throw v1;
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

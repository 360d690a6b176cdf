import { Injectable } from '@nestjs/common';

import { type DepositView, type WithdrawalView } from '@exchange/shared-contracts';
import {
  type Asset,
  type Deposit,
  type DepositStatus__Output,
  type FundingServiceHandlers,
  type GetAssetsResponse,
  type GetDepositAddressRequest__Output,
  type GetDepositAddressResponse,
  type ListDepositsRequest__Output,
  type ListDepositsResponse,
  type ListWithdrawalsRequest__Output,
  type ListWithdrawalsResponse,
  type Withdrawal,
  type WithdrawalStatus__Output,
  type WithdrawRequest__Output,
  type WithdrawResponse,
} from '@exchange/shared-contracts-grpc';

import { RequestParams } from '../auth/request-params';
import { BinanceApiError, BinanceErrorCode } from '../binance/binance-error-code';
import {
  DEPOSIT_STATUS,
  depositCompleteTime,
  depositTxId,
  WITHDRAW_STATUS,
  withdrawalCompleteTime,
} from '../funds/capital.mapper';
import { CapitalService } from '../funds/capital.service';
import { GrpcCalls, READ, WITHDRAW } from './grpc-calls';
import { given } from './proto-fields';

/** The proto's withdrawal states by Binance's status number (REST's `withdraw/history` `status`). */
const WITHDRAWAL_STATUS_OF_NUMBER: Record<number, WithdrawalStatus__Output> = {
  2: 'WITHDRAWAL_STATUS_AWAITING_APPROVAL',
  3: 'WITHDRAWAL_STATUS_REJECTED',
  4: 'WITHDRAWAL_STATUS_PROCESSING',
  5: 'WITHDRAWAL_STATUS_FAILED',
  6: 'WITHDRAWAL_STATUS_COMPLETED',
};
const NUMBER_OF_WITHDRAWAL_STATUS = new Map(
  Object.entries(WITHDRAWAL_STATUS_OF_NUMBER).map(([n, s]) => [s as string, n]),
);
/** The proto's deposit states by Binance's status number (REST's `deposit/hisrec` `status`). */
const NUMBER_OF_DEPOSIT_STATUS = new Map(
  Object.entries(DEPOSIT_STATUS).map(([s, n]) => [`DEPOSIT_STATUS_${s}`, String(n)]),
);

/**
 * A status filter as REST's Binance number: undefined for the unspecified value; a value the proto does not name
 * (a client on a newer proto sends its number) is refused like a bad parameter.
 */
function statusNumber(
  value: string | number,
  unspecified: string,
  numbers: ReadonlyMap<string, string>,
): string | undefined {
  if (value === unspecified || value === 0) return undefined;
  const number = typeof value === 'string' ? numbers.get(value) : undefined;
  if (number === undefined) throw new BinanceApiError(BinanceErrorCode.INVALID_PARAMETER, 'Invalid status.');
  return number;
}

/**
 * `exchange.funding.v1.FundingService`: each call is the `/sapi/v1/capital` route's, through the same
 * `CapitalService` with the request's fields as its Binance parameters (same checks, same wallet requests, the
 * caller's own rows only), at the same request weight and permission: READ for the reads, WITHDRAW (signed once)
 * for Withdraw, which also needs a key restricted to IP addresses (CapitalService refuses others with -2015).
 */
@Injectable()
export class FundingGrpcService {
  constructor(
    private readonly calls: GrpcCalls,
    private readonly capital: CapitalService,
  ) {}

  handlers(): FundingServiceHandlers {
    return {
      GetAssets: this.calls.unary(READ, 10, async (_r, c): Promise<GetAssetsResponse> => {
        const coins = await this.capital.coinConfigs(c.principal!.userId, RequestParams.fromValues({}));
        return { assets: coins.map(toAsset) };
      }),
      GetDepositAddress: this.calls.unary(
        READ,
        10,
        async (r: GetDepositAddressRequest__Output, c): Promise<GetDepositAddressResponse> => {
          const params = RequestParams.fromValues({
            coin: r.asset || undefined,
            network: r.network || undefined,
          });
          const answer = await this.capital.depositAddress(c.principal!.userId, params);
          return { asset: answer.coin, address: answer.address, tag: answer.tag };
        },
      ),
      ListDeposits: this.calls.unary(
        READ,
        1,
        async (r: ListDepositsRequest__Output, c): Promise<ListDepositsResponse> => {
          const params = RequestParams.fromValues({
            coin: r.asset || undefined,
            status: statusNumber(r.status, 'DEPOSIT_STATUS_UNSPECIFIED', NUMBER_OF_DEPOSIT_STATUS),
            startTime: given(r.startTimeMs),
            endTime: given(r.endTimeMs),
            offset: given(r.offset),
            limit: given(r.limit),
            txId: r.txId || undefined,
          });
          const deposits = await this.capital.depositViews(c.principal!.userId, params);
          return { deposits: deposits.map(toDeposit) };
        },
      ),
      ListWithdrawals: this.calls.unary(
        READ,
        10,
        async (r: ListWithdrawalsRequest__Output, c): Promise<ListWithdrawalsResponse> => {
          const params = RequestParams.fromValues({
            coin: r.asset || undefined,
            withdrawOrderId: r.clientWithdrawalId || undefined,
            status: statusNumber(r.status, 'WITHDRAWAL_STATUS_UNSPECIFIED', NUMBER_OF_WITHDRAWAL_STATUS),
            startTime: given(r.startTimeMs),
            endTime: given(r.endTimeMs),
            offset: given(r.offset),
            limit: given(r.limit),
            idList: r.withdrawalIds.length > 0 ? r.withdrawalIds.join(',') : undefined,
          });
          const withdrawals = await this.capital.withdrawalViews(c.principal!.userId, params);
          return { withdrawals: withdrawals.map(toWithdrawal) };
        },
      ),
      Withdraw: this.calls.unary(
        WITHDRAW,
        10,
        async (r: WithdrawRequest__Output, c): Promise<WithdrawResponse> => {
          const params = RequestParams.fromValues({
            coin: r.asset || undefined,
            network: r.network || undefined,
            address: r.address || undefined,
            amount: r.amount || undefined,
            withdrawOrderId: r.clientWithdrawalId || undefined,
          });
          const { id } = await this.capital.withdraw(c.principal!, params);
          return { withdrawalId: id };
        },
      ),
    };
  }
}

type CoinConfig = Awaited<ReturnType<CapitalService['coinConfigs']>>[number];

function toAsset(coin: CoinConfig): Asset {
  return {
    asset: coin.coin,
    free: coin.free,
    locked: coin.locked,
    withdrawing: coin.withdrawing,
    trading: coin.trading,
    depositEnabled: coin.depositAllEnable,
    withdrawEnabled: coin.withdrawAllEnable,
    networks: coin.networkList.map((n) => ({
      network: n.network,
      isDefault: n.isDefault,
      depositEnabled: n.depositEnable,
      withdrawEnabled: n.withdrawEnable,
      depositDescription: n.depositDesc,
      withdrawDescription: n.withdrawDesc,
      withdrawFee: n.withdrawFee,
      withdrawMin: n.withdrawMin,
      withdrawMax: n.withdrawMax,
      withdrawIntegerMultiple: n.withdrawIntegerMultiple,
      minConfirmations: n.minConfirm,
      unlockConfirmations: n.unLockConfirm,
      addressRegex: n.addressRegex,
    })),
  };
}

function toDeposit(d: DepositView): Deposit {
  return {
    depositId: d.depositId,
    asset: d.asset,
    network: d.asset,
    amount: d.amount,
    status: `DEPOSIT_STATUS_${d.status}` satisfies DepositStatus__Output,
    address: d.address,
    txId: depositTxId(d),
    confirmations: d.confirmations,
    requiredConfirmations: d.requiredConfirmations,
    insertTimeMs: String(d.time),
    completeTimeMs: String(depositCompleteTime(d) ?? 0),
  };
}

function toWithdrawal(w: WithdrawalView): Withdrawal {
  return {
    withdrawalId: w.withdrawalId,
    clientWithdrawalId: w.clientWithdrawalId ?? '',
    asset: w.asset,
    network: w.asset,
    amount: w.amount,
    transactionFee: w.networkFee,
    address: w.address,
    status: WITHDRAWAL_STATUS_OF_NUMBER[WITHDRAW_STATUS[w.status]] ?? 'WITHDRAWAL_STATUS_UNSPECIFIED',
    txId: w.txId ?? '',
    confirmations: w.confirmations,
    info: w.reason ?? '',
    applyTimeMs: String(w.time),
    completeTimeMs: String(withdrawalCompleteTime(w) ?? 0),
  };
}

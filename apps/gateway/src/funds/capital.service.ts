import { randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';

import {
  assetsReplySchema,
  balancesReplySchema,
  depositAddressReplySchema,
  depositsReplySchema,
  type DepositView,
  simTransferReplySchema,
  WALLET_RPC_ERRORS,
  WALLET_SUBJECTS,
  type WithdrawalView,
  walletClientWithdrawalIdSchema,
  withdrawalReplySchema,
  withdrawalsReplySchema,
} from '@exchange/shared-contracts';
import { parseDecimal } from '@exchange/shared-domain-money';

import { type Principal } from '../auth/principal';
import { type RequestParams } from '../auth/request-params';
import { BinanceApiError, BinanceErrorCode, mandatory } from '../binance/binance-error-code';
import { ServiceClientRepository, ServiceRequestError } from '../services/service-client.repository';
import { toApiV1Error } from '../account/service-error.mapper';
import { MarketCatalogRepository } from '../trading/market-catalog.repository';
import { booleanParam, decimalParam, integerParam } from '../trading/order-params.parser';
import { DEPOSIT_STATUS, depositTxId, mapDeposit, mapWithdrawal, WITHDRAW_STATUS } from './capital.mapper';
import { toCoinConfig } from './coin-config.mapper';

const MAX_MS = Number.MAX_SAFE_INTEGER;
const COIN = /^[A-Z0-9]{1,20}$/;
/** A withdrawal address as the wallet takes it: printable ASCII, no spaces. */
const ADDRESS = /^[\x21-\x7e]{1,128}$/;
/** Withdrawals that have left the available balance and not finished: what `config/getall` calls `withdrawing`. */
const UNFINISHED: readonly WithdrawalView['status'][] = ['PENDING_APPROVAL', 'REQUESTED', 'SENT'];
const DEPOSIT_STATUS_OF = new Map(
  Object.entries(DEPOSIT_STATUS).map(([s, n]) => [n, s as DepositView['status']]),
);
/** The wallet's states by Binance's number: 4 ("processing") is both REQUESTED and SENT. */
const STATUSES_OF = new Map<number, WithdrawalView['status'][]>();
for (const [state, n] of Object.entries(WITHDRAW_STATUS) as [WithdrawalView['status'], number][]) {
  STATUSES_OF.set(n, [...(STATUSES_OF.get(n) ?? []), state]);
}

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
    return (await this.depositViews(userId, params)).map(mapDeposit);
  }

  /** `deposits` as the wallet's rows (for transports with their own shapes: gRPC), with the same checks. */
  async depositViews(userId: string, params: RequestParams): Promise<DepositView[]> {
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
    return deposits.filter((d) => txId === undefined || depositTxId(d) === txId);
  }

  async withdrawals(userId: string, params: RequestParams) {
    return (await this.withdrawalViews(userId, params)).map(mapWithdrawal);
  }

  /** `withdrawals` as the wallet's rows (for transports with their own shapes: gRPC), with the same checks. */
  async withdrawalViews(userId: string, params: RequestParams): Promise<WithdrawalView[]> {
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
    const withdrawOrderId = params.get('withdrawOrderId');
    // Every parameter is checked before an answer of nothing is known to be right.
    const paging = page(params);
    const statuses = status === undefined ? undefined : STATUSES_OF.get(status);
    if (status !== undefined && statuses === undefined) return [];
    // An id no withdrawal can have (the wallet's form) finds none.
    if (withdrawOrderId !== undefined && !walletClientWithdrawalIdSchema.safeParse(withdrawOrderId).success) {
      return [];
    }
    const { withdrawals } = await this.wallet(
      WALLET_SUBJECTS.query.withdrawals,
      {
        userId,
        ...paging,
        ...(statuses !== undefined && { status: statuses.length === 1 ? statuses[0] : statuses }),
        ...(withdrawOrderId !== undefined && { clientWithdrawalId: withdrawOrderId }),
      },
      withdrawalsReplySchema,
    );
    return withdrawals.filter((w) => ids === undefined || ids.includes(w.withdrawalId));
  }

  /**
   * Binance's `POST /sapi/v1/capital/withdraw/apply` (an API key with WITHDRAW, restricted to IP addresses):
   * `coin`, `address` and `amount` (mandatory), `network` (the coin's one network, or none), `withdrawOrderId` (the
   * client's id: a retry with the same coin, amount and address answers the same withdrawal, with others it is
   * refused and nothing moves), `transactionFeeFlag` (taken; there are no transfers inside the venue for it to
   * change), `walletType` 0 (the one spot wallet). Answers `{ id }`. No address tags here (`addressTag` empty or
   * left out) and no address book (`name` is an unknown parameter).
   */
  async withdraw(caller: Principal, params: RequestParams): Promise<{ id: string }> {
    params.allowOnly([
      'coin',
      'network',
      'address',
      'addressTag',
      'amount',
      'withdrawOrderId',
      'transactionFeeFlag',
      'walletType',
    ]);
    if (caller.via === 'API_KEY' && !caller.ipRestricted) {
      throw new BinanceApiError(
        BinanceErrorCode.REJECTED_MBX_KEY,
        'Invalid API-key, IP, or permissions for action: withdrawals need a key restricted to trusted IP addresses.',
        401,
      );
    }
    const coin = coinOnItsNetwork(params);
    const address = requiredText(params, 'address');
    if (!ADDRESS.test(address))
      throw new BinanceApiError(BinanceErrorCode.INVALID_PARAMETER, 'Invalid address.');
    const tag = params.get('addressTag');
    if (tag !== undefined && tag !== '') {
      throw new BinanceApiError(BinanceErrorCode.INVALID_PARAMETER, 'This network takes no addressTag.');
    }
    requiredText(params, 'amount');
    const amount = decimalParam(params, 'amount')!;
    if (!(await this.isAmountOf(coin, amount))) {
      throw new BinanceApiError(BinanceErrorCode.INVALID_PARAMETER, 'Invalid amount.');
    }
    const withdrawOrderId = params.get('withdrawOrderId');
    if (withdrawOrderId !== undefined && !walletClientWithdrawalIdSchema.safeParse(withdrawOrderId).success) {
      throw new BinanceApiError(
        BinanceErrorCode.ILLEGAL_CHARS,
        "Illegal characters found in parameter 'withdrawOrderId'; legal range is '^[A-Za-z0-9._:-]{1,64}$'.",
      );
    }
    booleanParam(params, 'transactionFeeFlag');
    integerParam(params, 'walletType', { min: 0, max: 0 });
    const reply = await this.wallet(
      WALLET_SUBJECTS.cmd.requestWithdrawal,
      {
        userId: caller.userId,
        asset: coin,
        amount,
        address,
        idempotencyKey: randomUUID(),
        ...(withdrawOrderId !== undefined && { clientWithdrawalId: withdrawOrderId }),
      },
      withdrawalReplySchema,
    );
    return { id: reply.withdrawalId };
  }

  /**
   * Binance's `GET /sapi/v1/capital/config/getall`: every coin the wallet keeps, with the caller's balance of it,
   * what is on its way out, and its one network's deposit and withdrawal rules (`toCoinConfig`).
   */
  async coinConfigs(userId: string, params: RequestParams) {
    params.allowOnly([]);
    const [{ assets }, { balances }, unfinished, markets] = await Promise.all([
      this.wallet(WALLET_SUBJECTS.query.assets, {}, assetsReplySchema),
      this.wallet(WALLET_SUBJECTS.query.balances, { userId }, balancesReplySchema),
      this.unfinishedWithdrawals(userId),
      this.markets.all(),
    ]);
    const balanceOf = new Map(balances.map((b) => [b.asset, b]));
    const traded = new Set(
      markets
        .filter(({ market }) => market.status === 'TRADING')
        .flatMap(({ market }) => [market.base, market.quote]),
    );
    return assets.map((asset) => {
      let withdrawingUnits = 0n;
      for (const w of unfinished) {
        if (w.asset !== asset.asset) continue;
        const units = parseDecimal(w.amount, asset.decimals);
        if (!units.ok)
          throw new Error(
            `withdrawal ${w.withdrawalId}: amount ${w.amount} is not in ${asset.asset}'s decimals`,
          );
        withdrawingUnits += units.value;
      }
      return toCoinConfig(asset, {
        balance: balanceOf.get(asset.asset),
        withdrawingUnits,
        trading: traded.has(asset.asset),
      });
    });
  }

  /** The caller's withdrawals that have not finished: every page of each unfinished state. */
  private async unfinishedWithdrawals(userId: string): Promise<WithdrawalView[]> {
    const pages = await Promise.all(
      UNFINISHED.map(async (status) => {
        const found: WithdrawalView[] = [];
        for (let offset = 0; ; offset += 1000) {
          const { withdrawals } = await this.wallet(
            WALLET_SUBJECTS.query.withdrawals,
            { userId, status, offset, limit: 1000 },
            withdrawalsReplySchema,
          );
          found.push(...withdrawals);
          if (withdrawals.length < 1000) return found;
        }
      }),
    );
    return pages.flat();
  }

  /**
   * Binance's `GET /sapi/v1/capital/deposit/address`: `{ address, coin, tag, url }` for `coin` (mandatory) on
   * `network` (optional; each coin has one network here, named like the coin). The wallet creates the address on
   * the first request and answers the same one afterwards.
   */
  async depositAddress(userId: string, params: RequestParams) {
    params.allowOnly(['coin', 'network', 'amount']);
    const coin = coinOnItsNetwork(params);
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

/** `coin` (mandatory, -1130 when malformed) and `network`: each coin has one, named like it, or none is named. */
function coinOnItsNetwork(params: RequestParams): string {
  const coin = requiredText(params, 'coin');
  if (!COIN.test(coin)) throw new BinanceApiError(BinanceErrorCode.INVALID_PARAMETER, 'Invalid coin.');
  const network = params.get('network');
  if (network !== undefined && network !== '' && network !== coin) {
    throw new BinanceApiError(BinanceErrorCode.INVALID_PARAMETER, 'Invalid network.');
  }
  return coin;
}

/** A mandatory text parameter: -1102 when missing or empty. */
function requiredText(params: RequestParams, name: string): string {
  const value = params.get(name);
  if (value === undefined || value === '') throw mandatory(name);
  return value;
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

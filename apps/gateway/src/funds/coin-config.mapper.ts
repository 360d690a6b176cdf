import { type WalletAsset, type WalletBalance } from '@exchange/shared-contracts';
import { formatDecimal, parseDecimal, pow10 } from '@exchange/shared-domain-money';

/** The largest amount the ledger holds: numeric(38, 0) minor units. */
const MAX_UNITS = pow10(38) - 1n;

/** What a coin's row needs beside the asset's rules: the caller's balance and what is on its way out. */
export interface CoinHoldings {
  balance?: WalletBalance;
  /** Minor units of the caller's withdrawals not yet finished (waiting for approval, to be sent, sent). */
  withdrawingUnits: bigint;
  /** Whether a market trades it now. */
  trading: boolean;
}

/**
 * One coin of Binance's `GET /sapi/v1/capital/config/getall` (what ccxt's `fetchCurrencies` and
 * `fetchDepositWithdrawFees` read): one network a coin, named like it; deposits and withdrawals open while the
 * wallet has the asset enabled; the finest withdrawal one minor unit (`withdrawMin`, `withdrawIntegerMultiple`), the
 * largest what the ledger can hold; no fixed withdrawal fee (a chain's own fee comes out of the amount when the
 * withdrawal completes: its history's `transactionFee`); `minConfirm` the confirmations that credit a deposit, which
 * is withdrawable once credited. A threshold above which withdrawals wait for an operator is said in `withdrawDesc`.
 */
export function toCoinConfig(asset: WalletAsset, holdings: CoinHoldings) {
  // In the asset's decimals, as the wallet's balances come.
  const amount = (units: bigint) => formatDecimal(units, asset.decimals);
  const approval =
    asset.withdrawalApprovalAbove === null
      ? undefined
      : parseDecimal(asset.withdrawalApprovalAbove, asset.decimals);
  return {
    coin: asset.asset,
    depositAllEnable: asset.enabled,
    withdrawAllEnable: asset.enabled,
    name: asset.asset,
    free: holdings.balance?.available ?? amount(0n),
    locked: holdings.balance?.held ?? amount(0n),
    freeze: amount(0n),
    withdrawing: amount(holdings.withdrawingUnits),
    ipoing: amount(0n),
    ipoable: amount(0n),
    storage: amount(0n),
    isLegalMoney: false,
    trading: holdings.trading,
    networkList: [
      {
        network: asset.asset,
        coin: asset.asset,
        name: asset.asset,
        isDefault: true,
        depositEnable: asset.enabled,
        withdrawEnable: asset.enabled,
        depositDesc: asset.enabled ? '' : 'Deposits of this coin are suspended.',
        withdrawDesc: !asset.enabled
          ? 'Withdrawals of this coin are suspended.'
          : approval?.ok
            ? `Withdrawals above ${amount(approval.value)} ${asset.asset} wait for an operator's approval.`
            : '',
        specialTips: '',
        resetAddressStatus: false,
        addressRegex: '^[\\x21-\\x7e]{1,128}$',
        memoRegex: '',
        withdrawFee: amount(0n),
        withdrawMin: amount(1n),
        withdrawMax: amount(MAX_UNITS),
        withdrawIntegerMultiple: amount(1n),
        minConfirm: asset.depositConfirmations,
        unLockConfirm: asset.depositConfirmations,
        sameAddress: false,
        estimatedArrivalTime: 0,
        busy: false,
      },
    ],
  };
}

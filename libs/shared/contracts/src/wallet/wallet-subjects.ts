/**
 * The wallet's request/reply subjects (core NATS, queue group `wallet`), shaped
 * `wallet.<cmd|query|evt>.<name>.v<N>`. Each payload has a zod schema in `./<name>.schema.ts`.
 */
export const WALLET_SUBJECTS = {
  cmd: {
    faucetDeposit: 'wallet.cmd.faucet-deposit.v1',
    confirmDeposit: 'wallet.cmd.confirm-deposit.v1',
    requestWithdrawal: 'wallet.cmd.request-withdrawal.v1',
    completeWithdrawal: 'wallet.cmd.complete-withdrawal.v1',
    failWithdrawal: 'wallet.cmd.fail-withdrawal.v1',
    submitOrder: 'wallet.cmd.submit-order.v1',
    submitOrders: 'wallet.cmd.submit-orders.v1',
    cancelOrder: 'wallet.cmd.cancel-order.v1',
    cancelOpenOrders: 'wallet.cmd.cancel-open-orders.v1',
    amendOrder: 'wallet.cmd.amend-order.v1',
    approveWithdrawal: 'wallet.cmd.approve-withdrawal.v1',
    rejectWithdrawal: 'wallet.cmd.reject-withdrawal.v1',
    depositAddress: 'wallet.cmd.deposit-address.v1',
    simTransfer: 'wallet.cmd.sim-transfer.v1',
    simMine: 'wallet.cmd.sim-mine.v1',
    simReorg: 'wallet.cmd.sim-reorg.v1',
    setMarketStatus: 'wallet.cmd.market-status.v1',
  },
  query: {
    assets: 'wallet.query.assets.v1',
    balances: 'wallet.query.balances.v1',
    markets: 'wallet.query.markets.v1',
    reconcile: 'wallet.query.reconcile.v1',
    order: 'wallet.query.order.v1',
    openOrders: 'wallet.query.open-orders.v1',
    allOrders: 'wallet.query.all-orders.v1',
    myTrades: 'wallet.query.my-trades.v1',
    preventedMatches: 'wallet.query.prevented-matches.v1',
    orderAmendments: 'wallet.query.order-amendments.v1',
    deposits: 'wallet.query.deposits.v1',
    withdrawals: 'wallet.query.withdrawals.v1',
    pendingWithdrawals: 'wallet.query.pending-withdrawals.v1',
  },
  evt: {},
} as const;

/**
 * Error codes the wallet answers with over NATS (`RpcException({ code, message })`), beside the domain's
 * own (`MoneyErrorCode` 1000–1999 and `WalletErrorCode` 2000–2899 from the domain libs, passed through
 * unchanged: e.g. 1004 TOO_MANY_DECIMALS, 2101 INSUFFICIENT_FUNDS, 2102 IDEMPOTENCY_CONFLICT).
 */
export const WALLET_RPC_ERRORS = {
  VALIDATION_FAILED: 2901,
  UNKNOWN_ASSET: 2902,
  UNKNOWN_MARKET: 2903,
  MARKET_NOT_TRADING: 2904,
  BELOW_MIN_QTY: 2905,
  BELOW_MIN_NOTIONAL: 2906,
  QUOTE_NOT_ON_GRID: 2907,
  ORDER_NOT_FOUND: 2908,
  ORDER_NOT_OPEN: 2909,
  WITHDRAWAL_NOT_FOUND: 2910,
  WITHDRAWAL_NOT_PENDING: 2911,
  FAUCET_DISABLED: 2912,
  ASSET_DISABLED: 2913,
  /** Only working LIMIT / LIMIT_MAKER orders can be amended. */
  ORDER_NOT_AMENDABLE: 2914,
  /** Another amend of the order is still waiting for the engine. */
  AMEND_PENDING: 2915,
  /** The new quantity is not above the executed one, equals the current one, or raises a reduce-only amend. */
  AMEND_QUANTITY_INVALID: 2916,
  /** A restricted cancel of an order the wallet already knows is not in that state (it has traded). */
  CANCEL_RESTRICTED: 2917,
  /** No chain watcher (deposit addresses), or not the simulated chain (the `sim-*` commands). */
  CHAIN_UNAVAILABLE: 2920,
  INTERNAL: 2999,
} as const;

export type WalletRpcErrorCode = (typeof WALLET_RPC_ERRORS)[keyof typeof WALLET_RPC_ERRORS];

/** What a wallet request rejects with: the `RpcException` payload. */
export interface WalletRpcError {
  code: number;
  message: string;
}

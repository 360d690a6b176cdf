import { WALLET_RPC_ERRORS } from '@exchange/shared-contracts';
import { MoneyErrorCode } from '@exchange/shared-domain-money';

import { BinanceApiError, BinanceErrorCode, cancelRestricted } from '../binance/binance-error-code';
import { ServiceRequestError } from '../services/service-client.repository';

/** The wallet domain's codes the gateway answers for (`WalletErrorCode` in `@exchange/wallet-domain`). */
const WALLET_DOMAIN = { INSUFFICIENT_FUNDS: 2101, IDEMPOTENCY_CONFLICT: 2102, INVALID_ORDER: 2201 } as const;

export type WalletCall = 'place' | 'cancel' | 'query' | 'amend';

const filterFailure = (filter: string) =>
  new BinanceApiError(BinanceErrorCode.INVALID_MESSAGE, `Filter failure: ${filter}`);

/**
 * Turns the wallet's refusal of an order call into Binance's code and message (what ccxt maps to
 * InsufficientFunds, OrderNotFound, InvalidOrder, ...); anything else is left for the 500 path.
 */
export function toBinanceError(error: unknown, call: WalletCall): unknown {
  if (!(error instanceof ServiceRequestError)) return error;
  const code = Number(error.serviceError.code);
  switch (code) {
    case WALLET_DOMAIN.INSUFFICIENT_FUNDS:
      return new BinanceApiError(
        BinanceErrorCode.NEW_ORDER_REJECTED,
        'Account has insufficient balance for requested action.',
      );
    case WALLET_DOMAIN.IDEMPOTENCY_CONFLICT:
      return new BinanceApiError(BinanceErrorCode.NEW_ORDER_REJECTED, 'Duplicate order sent.');
    case WALLET_RPC_ERRORS.UNKNOWN_MARKET:
      return new BinanceApiError(BinanceErrorCode.BAD_SYMBOL, 'Invalid symbol.');
    case WALLET_RPC_ERRORS.MARKET_NOT_TRADING:
      return new BinanceApiError(
        call === 'cancel' ? BinanceErrorCode.CANCEL_REJECTED : BinanceErrorCode.NEW_ORDER_REJECTED,
        'Market is closed.',
      );
    case WALLET_RPC_ERRORS.BELOW_MIN_QTY:
    case MoneyErrorCode.QUANTITY_NOT_ON_STEP:
    case MoneyErrorCode.LOTS_OUT_OF_RANGE:
      return filterFailure('LOT_SIZE');
    case MoneyErrorCode.PRICE_NOT_ON_TICK:
    case MoneyErrorCode.TICKS_OUT_OF_RANGE:
      return filterFailure('PRICE_FILTER');
    case WALLET_RPC_ERRORS.BELOW_MIN_NOTIONAL:
    case WALLET_RPC_ERRORS.QUOTE_NOT_ON_GRID:
      return filterFailure('NOTIONAL');
    case WALLET_RPC_ERRORS.ORDER_NOT_FOUND:
      return call === 'cancel'
        ? new BinanceApiError(BinanceErrorCode.CANCEL_REJECTED, 'Unknown order sent.')
        : new BinanceApiError(BinanceErrorCode.NO_SUCH_ORDER, 'Order does not exist.');
    case WALLET_RPC_ERRORS.ORDER_NOT_OPEN:
      return call === 'amend'
        ? new BinanceApiError(BinanceErrorCode.NO_SUCH_ORDER, 'Order does not exist.')
        : new BinanceApiError(BinanceErrorCode.CANCEL_REJECTED, 'Unknown order sent.');
    case WALLET_RPC_ERRORS.CANCEL_RESTRICTED:
      return cancelRestricted();
    case WALLET_RPC_ERRORS.AMEND_QUANTITY_INVALID:
    case WALLET_RPC_ERRORS.ORDER_NOT_AMENDABLE:
    case WALLET_RPC_ERRORS.AMEND_PENDING:
      return new BinanceApiError(BinanceErrorCode.INVALID_MESSAGE, error.serviceError.message);
    case WALLET_RPC_ERRORS.VALIDATION_FAILED:
    case WALLET_DOMAIN.INVALID_ORDER:
    case MoneyErrorCode.TOO_MANY_DECIMALS:
    case MoneyErrorCode.NOT_POSITIVE:
      return new BinanceApiError(
        call === 'place' || call === 'amend'
          ? BinanceErrorCode.NEW_ORDER_REJECTED
          : BinanceErrorCode.MANDATORY_PARAM_EMPTY_OR_MALFORMED,
        error.serviceError.message,
      );
    default:
      return error;
  }
}

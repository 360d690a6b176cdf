import { WALLET_RPC_ERRORS } from '@exchange/shared-contracts';

import { BinanceApiError, BinanceErrorCode } from '../binance/binance-error-code';
import { ServiceRequestError } from '../services/service-client.repository';
import { toBinanceError } from './wallet-error.mapper';

const refusal = (code: number, message = 'refused') =>
  new ServiceRequestError('wallet.cmd.submit-order.v1', { code, message });

function mapped(error: unknown, call: 'place' | 'cancel' | 'query' | 'amend') {
  const result = toBinanceError(error, call);
  return result instanceof BinanceApiError ? { code: result.code, msg: result.message } : result;
}

describe(toBinanceError.name, () => {
  it('gives insufficient funds the message ccxt turns into InsufficientFunds', () => {
    expect(mapped(refusal(2101), 'place')).toEqual({
      code: BinanceErrorCode.NEW_ORDER_REJECTED,
      msg: 'Account has insufficient balance for requested action.',
    });
  });

  it('answers an unknown order -2013 for a query and -2011 for a cancel', () => {
    expect(mapped(refusal(WALLET_RPC_ERRORS.ORDER_NOT_FOUND), 'query')).toEqual({
      code: BinanceErrorCode.NO_SUCH_ORDER,
      msg: 'Order does not exist.',
    });
    expect(mapped(refusal(WALLET_RPC_ERRORS.ORDER_NOT_FOUND), 'cancel')).toEqual({
      code: BinanceErrorCode.CANCEL_REJECTED,
      msg: 'Unknown order sent.',
    });
    expect(mapped(refusal(WALLET_RPC_ERRORS.ORDER_NOT_OPEN), 'cancel')).toMatchObject({
      code: BinanceErrorCode.CANCEL_REJECTED,
    });
  });

  it('answers amend refusals the Binance way: -2013 for an order gone, -1013 for a quantity it cannot take', () => {
    expect(mapped(refusal(WALLET_RPC_ERRORS.ORDER_NOT_OPEN), 'amend')).toMatchObject({
      code: BinanceErrorCode.NO_SUCH_ORDER,
    });
    expect(mapped(refusal(WALLET_RPC_ERRORS.ORDER_NOT_FOUND), 'amend')).toMatchObject({
      code: BinanceErrorCode.NO_SUCH_ORDER,
    });
    for (const code of [
      WALLET_RPC_ERRORS.AMEND_QUANTITY_INVALID,
      WALLET_RPC_ERRORS.AMEND_PENDING,
      WALLET_RPC_ERRORS.ORDER_NOT_AMENDABLE,
    ]) {
      expect(mapped(refusal(code, 'why'), 'amend')).toEqual({
        code: BinanceErrorCode.INVALID_MESSAGE,
        msg: 'why',
      });
    }
    expect(mapped(refusal(2101), 'amend')).toMatchObject({ code: BinanceErrorCode.NEW_ORDER_REJECTED });
  });

  it('names the filter a grid or minimum refusal failed', () => {
    expect(mapped(refusal(WALLET_RPC_ERRORS.BELOW_MIN_NOTIONAL), 'place')).toMatchObject({
      msg: 'Filter failure: NOTIONAL',
    });
    expect(mapped(refusal(1105), 'place')).toMatchObject({ msg: 'Filter failure: PRICE_FILTER' });
    expect(mapped(refusal(1106), 'place')).toMatchObject({ msg: 'Filter failure: LOT_SIZE' });
  });

  it('leaves internal failures and other errors for the 500 path', () => {
    const internal = refusal(WALLET_RPC_ERRORS.INTERNAL);
    expect(toBinanceError(internal, 'place')).toBe(internal);
    const bug = new TypeError('x');
    expect(toBinanceError(bug, 'query')).toBe(bug);
  });
});

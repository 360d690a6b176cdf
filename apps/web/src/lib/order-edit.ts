import { type Order } from '../api/account-api';
import { ApiError, errorMessage } from '../api/http';
import { dec, subFloor, toPlain } from './decimal';

/**
 * The orders the open-orders table can edit: resting limit orders. A stop order keeps its trigger and a market order
 * does not rest, so both stay as placed.
 */
export function isEditable(order: Pick<Order, 'type'>): boolean {
  return order.type === 'LIMIT' || order.type === 'LIMIT_MAKER';
}

/** What is left of an order to fill: where its edit starts (what has filled stays with the old order). */
export function remainingQuantity(order: Pick<Order, 'origQty' | 'executedQty'>): string {
  return toPlain(subFloor(dec(order.origQty), dec(order.executedQty)));
}

/** The replacing order: the same side, type and time in force at the new price and amount. */
export function editParams(
  order: Pick<Order, 'type' | 'timeInForce'>,
  price: string,
  quantity: string,
): Record<string, string> {
  const params: Record<string, string> = { price: price.trim(), quantity: quantity.trim() };
  if (order.type === 'LIMIT') params['timeInForce'] = order.timeInForce;
  return params;
}

interface StepAnswer {
  code?: number;
  msg?: string;
}

/**
 * What a failed edit (Binance's cancelReplace) did, in words: nothing at all when the old order could not be
 * cancelled (-2022), or the cancel without its replacement when the new order was refused (-2021).
 */
export function describeEditFailure(error: unknown, orderId: number): string {
  if (error instanceof ApiError && error.data) {
    const reason = (answer: unknown) => {
      const step = (answer ?? {}) as StepAnswer;
      return errorMessage(new ApiError(error.status, step.code, step.msg ?? error.message));
    };
    if (error.data['cancelResult'] === 'FAILURE') {
      return `Order ${orderId} was not changed: ${reason(error.data['cancelResponse'])}`;
    }
    if (error.data['newOrderResult'] === 'FAILURE') {
      return `Order ${orderId} was cancelled, but its replacement was refused: ${reason(error.data['newOrderResponse'])}`;
    }
  }
  return errorMessage(error);
}

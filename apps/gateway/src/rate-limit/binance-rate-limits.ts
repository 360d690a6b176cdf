import { type GatewayConfig } from '../config/gateway.config';

/** One of Binance's rate limits as `exchangeInfo` lists it (`rateLimits`). */
export interface RateLimitDescription {
  rateLimitType: 'REQUEST_WEIGHT' | 'ORDERS';
  interval: 'SECOND' | 'MINUTE' | 'DAY';
  intervalNum: number;
  limit: number;
}

/** An `ORDERS` limit; `rateLimit/order` adds the account's `count` in the current window. */
export interface OrderCountLimit extends RateLimitDescription {
  rateLimitType: 'ORDERS';
  count?: number;
}

type LimitsConfig = Pick<
  GatewayConfig,
  'RATE_LIMIT_WEIGHT_PER_MINUTE' | 'ORDER_LIMIT_PER_10S' | 'ORDER_LIMIT_PER_DAY'
>;

/** The two order-count limits per account: 10 seconds and a day. */
export function orderCountLimits(config: LimitsConfig): [OrderCountLimit, OrderCountLimit] {
  return [
    { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: config.ORDER_LIMIT_PER_10S },
    { rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: config.ORDER_LIMIT_PER_DAY },
  ];
}

/**
 * Every limit the gateway enforces, for `exchangeInfo`: clients (ccxt, python-binance, bots) throttle themselves by
 * them. Weight per client address per minute, orders per account per 10 seconds and per day.
 */
export function rateLimitsOf(config: LimitsConfig): RateLimitDescription[] {
  return [requestWeightLimit(config), ...orderCountLimits(config)];
}

/** The request weight per client address per minute. */
export function requestWeightLimit(config: LimitsConfig): RateLimitDescription {
  return {
    rateLimitType: 'REQUEST_WEIGHT',
    interval: 'MINUTE',
    intervalNum: 1,
    limit: config.RATE_LIMIT_WEIGHT_PER_MINUTE,
  };
}

import { RequestMethod, type Type } from '@nestjs/common';
import { type ModuleRef, type Reflector } from '@nestjs/core';

import { type ApiKeyPermission } from '@exchange/shared-contracts';

import { type Principal } from '../auth/principal';
import { type RequestParams } from '../auth/request-params';
import { permissionOf, SignedGuard } from '../auth/signed.guard';
import { BinanceApiError, BinanceErrorCode } from '../binance/binance-error-code';
import { GeneralController } from '../general/general.controller';
import { routeShape } from '../http/lean-frame';
import { MarketController } from '../market/market.controller';
import { weightRuleOf, type WeightRule } from '../rate-limit/rate-limit.guard';
import { FeeRatesController } from '../trading/fee-rates.controller';
import { type HeaderSink } from '../trading/order-rate-limit.service';
import { TradingController } from '../trading/trading.controller';
import { ApiKeyGuard } from '../user-stream/api-key.guard';
import { UserStreamController } from '../user-stream/user-stream.controller';
import { type WsApiSession, type WsApiSessionStatus } from './ws-api-session';
import { type WsApiSubscriptions } from './ws-api-subscriptions';

/**
 * How a REST handler takes its input: the query object (`@Query()`, public market data), the parameters alone
 * (`@Params()`), or the caller and the parameters (`@Caller()`, `@Params()`, and for placements the order-count
 * headers' sink).
 */
type Arguments = 'query' | 'params' | 'caller-params';

interface Route {
  type: Type;
  handler: string;
  args: Arguments;
}

const route = (type: Type, handler: string, args: Arguments): Route => ({ type, handler, args });

/**
 * Binance's WebSocket API methods and the REST handler each one is: the same parameters, checks, weight and answer
 * as the REST route (docs/gateway.md, "WebSocket API").
 */
export const WS_API_ROUTES: Record<string, Route> = {
  ping: route(GeneralController, 'ping', 'query'),
  time: route(GeneralController, 'time', 'query'),
  exchangeInfo: route(MarketController, 'exchangeInfo', 'query'),
  depth: route(MarketController, 'depth', 'query'),
  'trades.recent': route(MarketController, 'trades', 'query'),
  'trades.historical': route(MarketController, 'historicalTrades', 'query'),
  'trades.aggregate': route(MarketController, 'aggTrades', 'query'),
  klines: route(MarketController, 'klines', 'query'),
  uiKlines: route(MarketController, 'klines', 'query'),
  avgPrice: route(MarketController, 'avgPrice', 'query'),
  'ticker.24hr': route(MarketController, 'ticker24hr', 'query'),
  ticker: route(MarketController, 'tickerWindow', 'query'),
  'ticker.tradingDay': route(MarketController, 'tickerTradingDay', 'query'),
  'ticker.price': route(MarketController, 'tickerPrice', 'query'),
  'ticker.book': route(MarketController, 'bookTicker', 'query'),
  'order.test': route(TradingController, 'testOrder', 'params'),
  'order.place': route(TradingController, 'placeOrder', 'caller-params'),
  'order.status': route(TradingController, 'queryOrder', 'caller-params'),
  'order.cancel': route(TradingController, 'cancelOrder', 'caller-params'),
  'order.cancelReplace': route(TradingController, 'cancelReplace', 'caller-params'),
  'order.amend.keepPriority': route(TradingController, 'amendOrder', 'caller-params'),
  'order.amendments': route(TradingController, 'orderAmendments', 'caller-params'),
  'openOrders.status': route(TradingController, 'openOrders', 'caller-params'),
  'openOrders.cancelAll': route(TradingController, 'cancelOpenOrders', 'caller-params'),
  allOrders: route(TradingController, 'allOrders', 'caller-params'),
  myTrades: route(TradingController, 'myTrades', 'caller-params'),
  myPreventedMatches: route(TradingController, 'myPreventedMatches', 'caller-params'),
  'account.status': route(TradingController, 'account', 'caller-params'),
  'account.rateLimits.orders': route(TradingController, 'orderCountUsage', 'caller-params'),
  'account.commission': route(FeeRatesController, 'commission', 'params'),
  'userDataStream.start': route(UserStreamController, 'open', 'caller-params'),
  'userDataStream.ping': route(UserStreamController, 'keepAlive', 'caller-params'),
  'userDataStream.stop': route(UserStreamController, 'close', 'caller-params'),
};

/**
 * Who may call: anyone (weighed by address), an API key alone (`USER_STREAM`), a signed request (or, on a connection
 * logged on with `session.logon`, one that names no key and carries no signature), a logon itself (signed with an
 * Ed25519 key, any permission), or a logged-on connection alone (`userDataStream.subscribe`).
 */
export type WsApiAccess =
  | { kind: 'public' }
  | { kind: 'apiKey' }
  | { kind: 'signed'; permission: ApiKeyPermission; once: boolean }
  | { kind: 'logon' }
  | { kind: 'loggedOn' };

export interface WsApiCall {
  query: Record<string, string>;
  params: RequestParams;
  caller?: Principal;
  /** The API key the caller was authenticated with (named in the request, or the connection's logon). */
  apiKey?: string;
  headers: HeaderSink;
  /** The connection's user-data subscriptions. */
  subscriptions: WsApiSubscriptions;
  /** The connection's session: its logon, when it opened. */
  session: WsApiSession;
  /** Set by a method with something to do once its answer has gone out. */
  afterAnswer?: () => void;
}

export interface WsApiMethod {
  name: string;
  access: WsApiAccess;
  weight: WeightRule;
  run(call: WsApiCall): unknown;
}

/** `subscriptionId`: a subscription's number on the connection. */
function subscriptionIdOf(params: RequestParams): number | undefined {
  const value = params.get('subscriptionId');
  if (value === undefined) return undefined;
  if (!/^\d{1,9}$/.test(value)) {
    throw new BinanceApiError(
      BinanceErrorCode.ILLEGAL_CHARS,
      "Illegal characters found in parameter 'subscriptionId'; legal range is '^[0-9]{1,9}$'.",
    );
  }
  return Number(value);
}

/** The connection's logon ends, and with it the logon's subscription (the signed ones stay). */
export function endLogon(connection: Pick<WsApiCall, 'session' | 'subscriptions'>): void {
  connection.session.logOut();
  connection.subscriptions.endLogonSubscription();
}

function sessionStatus(call: WsApiCall): WsApiSessionStatus {
  return call.session.status(Date.now(), call.subscriptions.hasLogonSubscription());
}

/** Subscribes the caller's account, its events following the answer (those that came meanwhile too), as on Binance. */
async function subscribeUserData(call: WsApiCall, origin: 'signature' | 'logon') {
  call.params.allowOnly([]);
  const subscribed = await call.subscriptions.subscribe(call.caller!.userId, origin);
  call.afterAnswer = () => call.subscriptions.answered(subscribed.subscriptionId);
  return subscribed;
}

/**
 * The WebSocket API's own methods, which have no REST route: a connection's logon and user-data subscriptions.
 * A signed subscription takes Binance's USER_DATA (any permission of the key will do, READ here); logging on takes
 * any permission (the requests that follow are checked each for its own); ending a subscription, listing them and
 * the session's status and logout concern the connection alone.
 */
const SESSION_METHODS: WsApiMethod[] = [
  {
    name: 'session.logon',
    access: { kind: 'logon' },
    weight: 2,
    run: (call) => {
      call.params.allowOnly([]);
      const { accountChanged } = call.session.logOn(call.apiKey!, call.caller!.userId, Date.now());
      // A subscription follows the logon's account: another account's logon ends it.
      if (accountChanged) call.subscriptions.endLogonSubscription();
      return sessionStatus(call);
    },
  },
  {
    name: 'session.status',
    access: { kind: 'public' },
    weight: 2,
    run: (call) => {
      call.params.allowOnly([]);
      return sessionStatus(call);
    },
  },
  {
    name: 'session.logout',
    access: { kind: 'public' },
    weight: 2,
    run: (call) => {
      call.params.allowOnly([]);
      endLogon(call);
      return sessionStatus(call);
    },
  },
  {
    name: 'userDataStream.subscribe',
    access: { kind: 'loggedOn' },
    weight: 2,
    run: (call) => subscribeUserData(call, 'logon'),
  },
  {
    name: 'userDataStream.subscribe.signature',
    access: { kind: 'signed', permission: 'READ', once: false },
    weight: 2,
    run: (call) => subscribeUserData(call, 'signature'),
  },
  {
    name: 'userDataStream.unsubscribe',
    access: { kind: 'public' },
    weight: 2,
    run: (call) => {
      call.params.allowOnly(['subscriptionId']);
      return call.subscriptions.unsubscribe(subscriptionIdOf(call.params));
    },
  },
  {
    name: 'session.subscriptions',
    access: { kind: 'public' },
    weight: 2,
    run: (call) => {
      call.params.allowOnly([]);
      return call.subscriptions.list();
    },
  },
];

/**
 * The methods bound to the app's controller instances, and the WebSocket API's own (`SESSION_METHODS`). The access comes from the REST route's guards
 * (`SignedGuard` with its `@Signed` permission, `ApiKeyGuard`, else public), the weight from its `@Weight`, and a
 * signature may be used once unless the REST route is a GET (as `signedCallOf` decides for REST).
 */
export function bindWsApiMethods(moduleRef: ModuleRef, reflector: Reflector): Map<string, WsApiMethod> {
  const methods = new Map<string, WsApiMethod>();
  for (const [name, { type, handler, args }] of Object.entries(WS_API_ROUTES)) {
    const controller = moduleRef.get<Record<string, (...input: unknown[]) => unknown>>(type, {
      strict: false,
    });
    const fn = (type.prototype as Record<string, (...input: unknown[]) => unknown>)[handler]!;
    const shape = routeShape(type, handler);
    const permission = permissionOf(reflector, fn);
    let access: WsApiAccess = { kind: 'public' };
    if (shape.guards.includes(SignedGuard)) {
      if (permission === undefined) throw new Error(`${type.name}.${handler} is signed without a permission`);
      access = { kind: 'signed', permission, once: shape.verb !== RequestMethod.GET };
    } else if (shape.guards.includes(ApiKeyGuard)) access = { kind: 'apiKey' };
    const bound = fn.bind(controller);
    const run =
      args === 'query'
        ? (call: WsApiCall) => bound(call.query)
        : args === 'params'
          ? (call: WsApiCall) => bound(call.params)
          : (call: WsApiCall) => bound(call.caller, call.params, call.headers);
    methods.set(name, { name, access, weight: weightRuleOf(reflector, fn, type), run });
  }
  for (const method of SESSION_METHODS) methods.set(method.name, method);
  return methods;
}

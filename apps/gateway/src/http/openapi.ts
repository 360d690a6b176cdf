import { type INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

import { NEW_ORDER_PARAMS } from '../trading/order-params.parser';

type OpenApiParameter = { name: string; in: 'query'; required: boolean; schema: { type: 'string' } };
type Operation = { parameters?: unknown[]; security?: Array<Record<string, string[]>>; tags?: string[] };

export const OPENAPI_JSON_PATH = 'docs/openapi.json';

/**
 * The parameters of the Binance-shaped routes, which read them with `@Params()` / `MarketQueryParser` rather than
 * typed DTOs, so the scanner cannot see them: `name` or `name!` (mandatory). `signed: true` adds `timestamp`,
 * `recvWindow`, `signature` and the `X-MBX-APIKEY` scheme. Keep in step with the services' `allowOnly` lists.
 */
const BINANCE_ROUTES: Record<string, { params: string[]; signed?: boolean; apiKeyOnly?: boolean }> = {
  'get /api/v3/exchangeInfo': { params: ['symbol', 'symbols'] },
  'get /api/v3/depth': { params: ['symbol!', 'limit'] },
  'get /api/v3/trades': { params: ['symbol!', 'limit'] },
  'get /api/v3/historicalTrades': { params: ['symbol!', 'fromId', 'limit'] },
  'get /api/v3/aggTrades': { params: ['symbol!', 'fromId', 'startTime', 'endTime', 'limit'] },
  'get /api/v3/klines': { params: ['symbol!', 'interval!', 'startTime', 'endTime', 'limit'] },
  'get /api/v3/uiKlines': { params: ['symbol!', 'interval!', 'startTime', 'endTime', 'limit'] },
  'get /api/v3/ticker/24hr': { params: ['symbol', 'symbols', 'type'] },
  'get /api/v3/ticker': { params: ['symbol', 'symbols', 'windowSize', 'type'] },
  'get /api/v3/ticker/tradingDay': { params: ['symbol', 'symbols', 'timeZone', 'type'] },
  'get /api/v3/ticker/price': { params: ['symbol', 'symbols'] },
  'get /api/v3/ticker/bookTicker': { params: ['symbol', 'symbols'] },
  'get /api/v3/avgPrice': { params: ['symbol!'] },
  'post /api/v3/order': { params: ['symbol!', 'side!', 'type!', ...NEW_ORDER_PARAMS.slice(3)], signed: true },
  'post /api/v3/order/test': {
    params: ['symbol!', 'side!', 'type!', ...NEW_ORDER_PARAMS.slice(3), 'computeCommissionRates'],
    signed: true,
  },
  'post /api/v3/order/cancelReplace': {
    params: [
      'symbol!',
      'side!',
      'type!',
      ...NEW_ORDER_PARAMS.slice(3),
      'cancelReplaceMode!',
      'cancelOrderId',
      'cancelOrigClientOrderId',
      'cancelNewClientOrderId',
      'cancelRestrictions',
      'orderRateLimitExceededMode',
    ],
    signed: true,
  },
  'get /api/v3/order': { params: ['symbol!', 'orderId', 'origClientOrderId'], signed: true },
  'delete /api/v3/order': {
    params: ['symbol!', 'orderId', 'origClientOrderId', 'newClientOrderId', 'cancelRestrictions'],
    signed: true,
  },
  'get /api/v3/order/amendments': {
    params: ['symbol!', 'orderId!', 'fromExecutionId', 'limit'],
    signed: true,
  },
  'put /api/v3/order/amend/keepPriority': {
    params: ['symbol!', 'orderId', 'origClientOrderId', 'newClientOrderId', 'newQty!'],
    signed: true,
  },
  'get /api/v3/openOrders': { params: ['symbol'], signed: true },
  'delete /api/v3/openOrders': { params: ['symbol!'], signed: true },
  'get /api/v3/allOrders': { params: ['symbol!', 'orderId', 'startTime', 'endTime', 'limit'], signed: true },
  'get /api/v3/myTrades': {
    params: ['symbol!', 'orderId', 'fromId', 'startTime', 'endTime', 'limit'],
    signed: true,
  },
  'get /api/v3/myPreventedMatches': {
    params: ['symbol!', 'preventedMatchId', 'orderId', 'fromPreventedMatchId', 'limit'],
    signed: true,
  },
  'get /api/v3/account': { params: ['omitZeroBalances'], signed: true },
  'get /api/v3/account/commission': { params: ['symbol!'], signed: true },
  'get /sapi/v1/asset/tradeFee': { params: ['symbol'], signed: true },
  'get /sapi/v1/capital/config/getall': { params: [], signed: true },
  'post /sapi/v1/capital/withdraw/apply': {
    params: [
      'coin!',
      'address!',
      'amount!',
      'network',
      'addressTag',
      'withdrawOrderId',
      'transactionFeeFlag',
      'walletType',
    ],
    signed: true,
  },
  'get /api/v3/rateLimit/order': { params: [], signed: true },
  'post /api/v3/userDataStream': { params: [], apiKeyOnly: true },
  'put /api/v3/userDataStream': { params: ['listenKey!'], apiKeyOnly: true },
  'delete /api/v3/userDataStream': { params: ['listenKey!'], apiKeyOnly: true },
  'get /sapi/v1/capital/deposit/hisrec': {
    params: ['coin', 'status', 'startTime', 'endTime', 'offset', 'limit', 'txId', 'includeSource'],
    signed: true,
  },
  'get /sapi/v1/capital/deposit/address': { params: ['coin!', 'network', 'amount'], signed: true },
  'get /sapi/v1/capital/withdraw/history': {
    params: ['coin', 'withdrawOrderId', 'status', 'startTime', 'endTime', 'offset', 'limit', 'idList'],
    signed: true,
  },
};

/** `<method> <path>` of every route the table above describes. */
export const DESCRIBED_ROUTES = Object.keys(BINANCE_ROUTES);

const SIGNING_PARAMS = ['timestamp!', 'recvWindow', 'signature!'];

function parameter(spec: string): OpenApiParameter {
  const required = spec.endsWith('!');
  return { name: required ? spec.slice(0, -1) : spec, in: 'query', required, schema: { type: 'string' } };
}

/** Fills in the Binance routes' parameters and security, and the session scheme of `/api/v1`. */
export function describeRoutes(document: OpenAPIObject): OpenAPIObject {
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, value] of Object.entries(item)) {
      const operation = value as Operation;
      const route = BINANCE_ROUTES[`${method} ${path}`];
      operation.tags = [path.split('/').slice(1, 3).join('/')];
      if (route) {
        const names = route.signed ? [...route.params, ...SIGNING_PARAMS] : route.params;
        // The scanner's own entries for `@Query() query: Record<...>` say nothing: replaced.
        operation.parameters = names.map(parameter);
        if (route.signed || route.apiKeyOnly) operation.security = [{ 'X-MBX-APIKEY': [] }];
      } else if (path.startsWith('/api/v1/') && !path.startsWith('/api/v1/auth/')) {
        operation.security = [{ session: [] }];
      }
    }
  }
  return document;
}

/** The OpenAPI document of every HTTP route the app has. */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Exchange gateway')
    .setDescription(
      'Binance-shaped `/api/v3` (parameters in the query string or an `application/x-www-form-urlencoded` body; ' +
        'SIGNED routes take `X-MBX-APIKEY` and an HMAC-SHA256 hex or Ed25519 base64 `signature` of the exact ' +
        'query string + body) and the web frontend’s `/api/v1` (JSON, `Authorization: Bearer <access token>`). ' +
        'Errors are `{ "code": <negative Binance code>, "msg": "…" }`.',
    )
    .setVersion('1')
    .addSecurity('X-MBX-APIKEY', { type: 'apiKey', in: 'header', name: 'X-MBX-APIKEY' })
    .addSecurity('session', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  return describeRoutes(SwaggerModule.createDocument(app, config));
}

/**
 * `/docs` (Swagger UI, from the installed `swagger-ui-dist`) and `/docs/openapi.json`. Called by `runService` before
 * the app starts listening.
 */
export function setUpOpenApi(app: INestApplication): void {
  const document = openApiDocument(app);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    raw: ['json'],
    customSiteTitle: 'Exchange gateway API',
  });
}

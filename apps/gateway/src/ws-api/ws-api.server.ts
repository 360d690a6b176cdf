import { type IncomingMessage, type Server } from 'node:http';
import { type Duplex } from 'node:stream';

import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { HttpAdapterHost, ModuleRef, Reflector } from '@nestjs/core';
import { Counter, Gauge, type Registry } from 'prom-client';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';

import { METRICS_REGISTRY } from '@exchange/shared-feature-runtime';
import { InjectConfig } from '@exchange/shared-util-config';
import { InjectLogger, type Logger } from '@exchange/shared-util-logging';

import { ApiKeyAuthenticator, type ApiKeyPrincipal } from '../auth/api-key-authenticator';
import { RequestParams } from '../auth/request-params';
import { BinanceApiError, BinanceErrorCode } from '../binance/binance-error-code';
import { type ErrorAnswer, errorAnswer } from '../binance/binance-exception.filter';
import { type GatewayConfig } from '../config/gateway.config';
import { AccessLog } from '../http/access-log';
import { ExpressClientIp, type ExpressIpSource } from '../http/express-client-ip';
import { closeForShutdown, pingOrDrop } from '../http/websocket-connections';
import {
  orderCountLimits,
  type RateLimitDescription,
  requestWeightLimit,
} from '../rate-limit/binance-rate-limits';
import { RateLimitGuard, weightOf } from '../rate-limit/rate-limit.guard';
import { MarketFeedRepository } from '../streams/market-feed.repository';
import { refuseUpgrade } from '../streams/streams.server';
import { WsApiSession } from './ws-api-session';
import { WsApiSubscriptions } from './ws-api-subscriptions';
import { bindWsApiMethods, endLogon, type WsApiCall, type WsApiMethod } from './ws-api.methods';
import {
  parseWsApiRequest,
  restParams,
  WS_API_PATH,
  type WsApiError,
  type WsApiId,
  type WsApiRequest,
  wantsRateLimits,
  wsApiSigningPayload,
} from './ws-api.request';

/** Requests are small JSON objects; anything larger is refused by ws with close code 1009. */
const MAX_REQUEST_BYTES = 64 * 1024;
/** Requests of one connection being answered at once; past it a request is refused (-1003) until one is answered. */
const MAX_IN_FLIGHT = 256;

/** A rate limit with the caller's use of it, as Binance's WebSocket API reports it with every answer. */
type RateLimitUse = RateLimitDescription & { count: number };

interface Connection {
  socket: WebSocket;
  clientIp: string;
  inFlight: number;
  lastPongAt: number;
  subscriptions: WsApiSubscriptions;
  session: WsApiSession;
}

/**
 * Binance's WebSocket API (`/ws-api/v3` on the HTTP port): requests `{"id", "method", "params"}`, answers
 * `{"id", "status", "result" | "error", "rateLimits"}`. Every method is a REST handler (`WS_API_ROUTES`) reached
 * through the same rules as REST: the route's weight charged to the client's address (the same budget as REST and
 * gRPC), then for signed methods the same API-key authenticator (key, allow-list, timestamp, signature over the
 * sorted parameters, permission, one-time signatures for changes), then the handler itself (its parameter checks,
 * order-count limits, the wallet). Answers go out as each completes, matched by id.
 */
@Injectable()
export class WsApiServer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_REQUEST_BYTES,
    perMessageDeflate: false,
  });
  private readonly connections = new Set<Connection>();
  private methods = new Map<string, WsApiMethod>();
  private clientIps?: ExpressClientIp;
  private feeds?: MarketFeedRepository;
  private pinger?: NodeJS.Timeout;
  private accepting = true;
  private readonly requests: Counter<'method' | 'status'>;
  private readonly open: Gauge;
  private readonly events: Counter;
  private readonly accessLog: AccessLog;
  /** The limits `rateLimits` reports, with the caller's use of each. */
  private readonly weightLimit: RateLimitDescription;
  private readonly orderLimits: ReturnType<typeof orderCountLimits>;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly moduleRef: ModuleRef,
    private readonly reflector: Reflector,
    private readonly rateLimit: RateLimitGuard,
    private readonly authenticator: ApiKeyAuthenticator,
    @Inject(METRICS_REGISTRY) registry: Registry,
    @InjectConfig() private readonly config: GatewayConfig,
    @InjectLogger() private readonly logger: Logger,
  ) {
    this.requests = new Counter({
      name: 'gateway_ws_api_requests_total',
      help: 'WebSocket API requests answered, by method (unknown ones as "unknown") and status.',
      labelNames: ['method', 'status'],
      registers: [registry],
    });
    this.open = new Gauge({
      name: 'gateway_ws_api_connections',
      help: 'Open WebSocket API connections.',
      registers: [registry],
    });
    this.events = new Counter({
      name: 'gateway_ws_api_events_sent_total',
      help: 'User-data events sent to WebSocket API subscriptions (userDataStream.subscribe.signature).',
      registers: [registry],
    });
    this.accessLog = new AccessLog(logger, config);
    this.weightLimit = requestWeightLimit(config);
    this.orderLimits = orderCountLimits(config);
  }

  onApplicationBootstrap(): void {
    this.methods = bindWsApiMethods(this.moduleRef, this.reflector);
    // The streams' reference-counted listeners of `user.<id>.*` (one NATS subscription per subject for the pod).
    this.feeds = this.moduleRef.get(MarketFeedRepository, { strict: false });
    this.clientIps = new ExpressClientIp(this.adapterHost.httpAdapter.getInstance<ExpressIpSource>());
    const server = this.adapterHost.httpAdapter.getHttpServer() as Server;
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (new URL(req.url ?? '/', 'http://gateway').pathname === WS_API_PATH) this.upgrade(req, socket, head);
    });
    this.pinger = setInterval(() => {
      pingOrDrop(this.connections, this.config.WS_PONG_TIMEOUT_MS);
      this.endDeadLogons();
    }, this.config.WS_PING_INTERVAL_MS);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.accepting = false;
    clearInterval(this.pinger);
    await closeForShutdown(this.connections);
    this.wss.close();
    this.accessLog.close();
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    if (!this.accepting) return refuseUpgrade(socket, 503, 'Service Unavailable');
    const clientIp = this.clientIps!.of(req);
    // Binance's `wss://…/ws-api/v3?returnRateLimits=false`: answers leave `rateLimits` out unless a request asks.
    const returnRateLimits =
      new URL(req.url ?? '/', 'http://gateway').searchParams.get('returnRateLimits') !== 'false';
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const connection: Connection = {
        socket: ws,
        clientIp,
        inFlight: 0,
        lastPongAt: Date.now(),
        session: new WsApiSession(Date.now(), returnRateLimits),
        subscriptions: new WsApiSubscriptions(this.feeds!, this.logger, (subscriptionId, event) =>
          this.sendEvent(connection, subscriptionId, event),
        ),
      };
      this.connections.add(connection);
      this.open.inc();
      ws.on('pong', () => (connection.lastPongAt = Date.now()));
      ws.on('message', (data, isBinary) => this.onMessage(connection, data, isBinary));
      ws.on('close', () => {
        connection.subscriptions.close();
        this.connections.delete(connection);
        this.open.dec();
      });
    });
  }

  private onMessage(connection: Connection, data: RawData, isBinary: boolean): void {
    if (isBinary) {
      void this.refuseFrame(connection, null, {
        code: BinanceErrorCode.MANDATORY_PARAM_EMPTY_OR_MALFORMED,
        msg: 'Requests are JSON text frames.',
      });
      return;
    }
    const parsed = parseWsApiRequest(rawText(data));
    if (!parsed.ok) {
      void this.refuseFrame(connection, parsed.id, parsed.error);
      return;
    }
    const { request } = parsed;
    const method = this.methods.get(request.method);
    if (!method) {
      void this.refuseFrame(connection, request.id, {
        code: BinanceErrorCode.ILLEGAL_CHARS,
        msg: `Unknown method '${request.method}'.`,
      });
      return;
    }
    if (connection.inFlight >= MAX_IN_FLIGHT) {
      this.send(connection, request.id, method.name, 429, {
        error: {
          code: BinanceErrorCode.TOO_MANY_REQUESTS,
          msg: `Too many requests in flight on this connection (${MAX_IN_FLIGHT}); wait for answers.`,
        },
      });
      return;
    }
    connection.inFlight++;
    void this.answer(connection, request, method).finally(() => connection.inFlight--);
  }

  private async answer(connection: Connection, request: WsApiRequest, method: WsApiMethod): Promise<void> {
    const started = performance.now();
    let status = 200;
    let userId: string | undefined;
    const limits: RateLimitUse[] = [];
    const rateLimits = wantsRateLimits(request.params, connection.session.returnRateLimits)
      ? { rateLimits: limits }
      : {};
    const query = restParams(request.params);
    try {
      await this.rateLimit.charge(connection.clientIp, weightOf(method.weight, query), (used) =>
        limits.push({ ...this.weightLimit, count: used }),
      );
      const call: WsApiCall = {
        query,
        params: RequestParams.fromValues(query),
        headers: { setHeader: (name, value) => this.noteOrderCount(limits, name, value) },
        subscriptions: connection.subscriptions,
        session: connection.session,
      };
      const authorized = await this.authorize(connection, request, method, query);
      if (authorized) [call.caller, call.apiKey] = authorized;
      userId = call.caller?.userId;
      const result = await method.run(call);
      this.send(connection, request.id, method.name, 200, { result, ...rateLimits });
      call.afterAnswer?.();
    } catch (error) {
      const refusal = errorAnswer(error);
      if (refusal.unexpected)
        this.logger.error({ err: error, method: method.name }, 'WebSocket API request failed');
      status = refusal.status;
      this.send(connection, request.id, method.name, status, { error: errorBody(refusal), ...rateLimits });
    }
    const change = (method.access.kind === 'signed' && method.access.once) || method.access.kind === 'logon';
    this.logCompleted(
      connection,
      method.name,
      request.id,
      status,
      performance.now() - started,
      userId,
      change,
    );
  }

  /**
   * Who the request acts for, by the method's access: the API key it names (with its signature where the method is
   * signed), or on a logged-on connection the logon's key when it names none (a signed method then needs no
   * signature: the logon proved the key; the timestamp, the key's life, allow-list and permission are checked as
   * ever). Undefined for public methods.
   */
  private async authorize(
    connection: Connection,
    request: WsApiRequest,
    method: WsApiMethod,
    query: Record<string, string>,
  ): Promise<[ApiKeyPrincipal, string] | undefined> {
    const { access } = method;
    if (access.kind === 'public') return undefined;
    const logon = connection.session.logon;
    const named = request.params['apiKey'];
    const signature = request.params['signature'];
    const params = { get: (name: string) => query[name] };
    if (access.kind === 'loggedOn') {
      if (!logon) {
        throw new BinanceApiError(
          BinanceErrorCode.UNAUTHORIZED,
          'You are not authorized to execute this request: log on first (session.logon).',
          401,
        );
      }
      return [await this.authenticator.identify(logon.apiKey, connection.clientIp), logon.apiKey];
    }
    if (access.kind === 'apiKey') {
      const apiKey = named ?? logon?.apiKey;
      return [await this.authenticator.identify(apiKey, connection.clientIp), String(apiKey)];
    }
    if (access.kind === 'signed' && logon && named === undefined && signature === undefined) {
      const caller = await this.authenticator.authorizeLoggedOn({
        apiKey: logon.apiKey,
        clientIp: connection.clientIp,
        permission: access.permission,
        params,
      });
      return [caller, logon.apiKey];
    }
    const caller = await this.authenticator.authenticate({
      apiKey: named,
      clientIp: connection.clientIp,
      permission: access.kind === 'signed' ? access.permission : null,
      ...(access.kind === 'logon' && { keyKind: 'ED25519' as const }),
      params,
      payload: () => ({
        signed: wsApiSigningPayload(request.params),
        signature: typeof signature === 'string' ? signature : '',
      }),
      // A logon's signature, like a change's, is good for one use.
      once: access.kind === 'logon' || access.once,
    });
    return [caller, String(named)];
  }

  /**
   * Logons whose key has since been revoked or expired, or whose allow-list no longer has the connection's address,
   * end (with the logon's subscription), checked once a ping interval; the requests in between were refused already.
   */
  private endDeadLogons(): void {
    for (const connection of this.connections) {
      const logon = connection.session.logon;
      if (!logon) continue;
      this.authenticator.identify(logon.apiKey, connection.clientIp).catch((error: unknown) => {
        // The users service out of reach is no proof of a dead key: the logon stays.
        if (!(error instanceof BinanceApiError) || connection.session.logon !== logon) return;
        endLogon(connection);
      });
    }
  }

  /**
   * A frame that names no method it can run: weight 1 to the address like any request (a client that floods them is
   * refused and banned as on REST), then the refusal (or the rate limit's own).
   */
  private async refuseFrame(connection: Connection, id: WsApiId, error: WsApiError): Promise<void> {
    const started = performance.now();
    let status = 400;
    let body: object = error;
    const rateLimits: RateLimitUse[] = [];
    try {
      await this.rateLimit.charge(connection.clientIp, 1, (used) =>
        rateLimits.push({ ...this.weightLimit, count: used }),
      );
    } catch (refused) {
      const refusal = errorAnswer(refused);
      status = refusal.status;
      body = errorBody(refusal);
    }
    this.send(connection, id, 'unknown', status, { error: body, rateLimits });
    this.logCompleted(connection, 'unknown', id, status, performance.now() - started, undefined, false);
  }

  /**
   * The request's access-log line: one each for a signed change (an order, a cancel) unless `ACCESS_LOG_ORDERS` is
   * `summary`; reads, and with it changes, in the access log's summaries when fast and answered 2xx.
   */
  private logCompleted(
    connection: Connection,
    method: string,
    id: WsApiId,
    status: number,
    responseTimeMs: number,
    userId: string | undefined,
    change: boolean,
  ): void {
    const logOne = () =>
      this.logger.info(
        {
          req: { method: 'WS', url: `${WS_API_PATH} ${method}`, id },
          res: { statusCode: status },
          clientIp: connection.clientIp,
          ...(userId ? { userId } : {}),
          responseTimeMs: Number(responseTimeMs.toFixed(3)),
        },
        'request completed',
      );
    if (change && this.config.ACCESS_LOG_ORDERS !== 'summary') logOne();
    else this.accessLog.completed(`${WS_API_PATH} ${method}`, status, responseTimeMs, logOne, 'WS');
  }

  /** The order counts a placement reports (REST's `X-MBX-ORDER-COUNT-10S` / `-1D`) as `ORDERS` rate limits. */
  private noteOrderCount(limits: RateLimitUse[], header: string, value: string): void {
    const [tenSeconds, day] = this.orderLimits;
    const limit =
      header === 'X-MBX-ORDER-COUNT-10S' ? tenSeconds : header === 'X-MBX-ORDER-COUNT-1D' ? day : undefined;
    if (limit) limits.push({ ...limit, count: Number(value) });
  }

  /** A user-data event of one of the connection's subscriptions, as Binance's WebSocket API sends it. */
  private sendEvent(connection: Connection, subscriptionId: number, event: object): void {
    this.events.inc();
    this.write(connection, JSON.stringify({ subscriptionId, event }));
  }

  private send(connection: Connection, id: WsApiId, method: string, status: number, body: object): void {
    this.requests.inc({ method, status: String(status) });
    this.write(connection, JSON.stringify({ id, status, ...body }));
  }

  private write(connection: Connection, text: string): void {
    const socket = connection.socket;
    if (socket.readyState !== socket.OPEN) return;
    // A client that leaves its answers unread is dropped rather than buffered without bound.
    if (socket.bufferedAmount > this.config.WS_SEND_BUFFER_BYTES) {
      socket.terminate();
      return;
    }
    socket.send(text);
  }
}

/**
 * REST's error body as it is (`data` too: cancelReplace's halves); past a rate limit, `data.retryAfter` (epoch ms):
 * when the client may come back, Binance's WebSocket API counterpart of `Retry-After`.
 */
function errorBody(refusal: ErrorAnswer): object {
  return refusal.retryAfterSeconds === undefined
    ? refusal.body
    : { ...refusal.body, data: { retryAfter: Date.now() + refusal.retryAfterSeconds * 1000 } };
}

function rawText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

import { type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';

import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  RequestMethod,
  type Type,
} from '@nestjs/common';
import { HttpAdapterHost, ModuleRef, Reflector } from '@nestjs/core';
import { context as otelContext } from '@opentelemetry/api';
import { type Registry } from 'prom-client';

import { METRICS_REGISTRY, runtimeTracer } from '@exchange/shared-feature-runtime';
import { InjectConfig } from '@exchange/shared-util-config';
import { InjectLogger, type Logger, runWithRequestContext } from '@exchange/shared-util-logging';

import { GeneralController } from '../general/general.controller';
import { MarketController } from '../market/market.controller';
import { RateLimitGuard, weightOf, weightRuleOf, type WeightRule } from '../rate-limit/rate-limit.guard';
import { AccessLog, type AccessLogConfig } from './access-log';
import {
  endLeanRequest,
  type HttpHistogram,
  type LeanRequest,
  logCompleted,
  routeShape,
  sendRefusal,
  startLeanRequest,
} from './lean-frame';
import { type HardeningListener, isHardeningListener } from './http-hardening';
import { ExpressClientIp } from './express-client-ip';
import { LEAN_TRADING_HANDLERS, LeanOrderRoute } from './lean-orders';

/** The lean path's settings (part of `gatewayConfigSchema`). */
export interface LeanReadsConfig extends AccessLogConfig {
  HTTP_LEAN_READS: boolean;
  HTTP_LEAN_ORDERS: boolean;
  /** `summary`: accepted orders counted in the access log's summaries instead of a line each. */
  ACCESS_LOG_ORDERS: 'each' | 'summary';
}

type Query = Record<string, unknown>;

/** A route the lean path answers: the Nest handler it stands in for, with that handler's weight rule. */
interface LeanRoute {
  path: string;
  weight: WeightRule;
  handle: (query: Query) => unknown;
  /** The last answer serialised per query string, reused while the answer is the same version (see `bytesOf`). */
  serialised: Map<string, Serialised>;
}

interface Serialised {
  answer: unknown;
  version?: string;
  text: string;
  /** The byte length of `text` (its `Content-Length`). */
  length: string;
  etag: string;
}

/** A lean read being answered: the headers of its answer gather in `headers` as `[name, value, ...]`. */
interface LeanAnswer {
  route: LeanRoute;
  req: IncomingMessage;
  res: ServerResponse;
  rawQuery: string;
  request: LeanRequest;
  headers: string[];
}

const JSON_TYPE = 'application/json; charset=utf-8';

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function'
  );
}

/** The hottest public reads: answered in memory, with no body, guarded by the request weight alone. */
const LEAN_HANDLERS: [Type, string][] = [
  [GeneralController, 'ping'],
  [GeneralController, 'time'],
  [MarketController, 'depth'],
  [MarketController, 'ticker24hr'],
  [MarketController, 'tickerPrice'],
  [MarketController, 'bookTicker'],
];

/** Distinct query strings whose serialised answer a route keeps (a bound against junk parameters). */
const SERIALISED_PER_ROUTE = 256;

const HTTP_DURATION = 'http_request_duration_seconds';

interface ExpressApp {
  (req: IncomingMessage, res: ServerResponse): void;
  get(setting: string): unknown;
  request: object;
}

/**
 * The version of a depth answer: the book's `lastUpdateId` with the sides' lengths (one market and limit per query
 * string, so the same version is the same levels). A ticker answer is the board's own object, the same until the
 * next message replaces it, so its identity is its version. Undefined: not known, serialised anew.
 */
function versionOf(answer: unknown): string | undefined {
  if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) return undefined;
  const { lastUpdateId, bids, asks } = answer as { lastUpdateId?: unknown; bids?: unknown; asks?: unknown };
  if (typeof lastUpdateId !== 'number' || !Array.isArray(bids) || !Array.isArray(asks)) return undefined;
  return `${lastUpdateId}:${bids.length}:${asks.length}`;
}

/**
 * The hottest cached GET reads (`/api/v3/ping`, `time`, `depth`, `ticker/24hr`, `ticker/price`,
 * `ticker/bookTicker`) answered on the HTTP server's `request` event before Express and Nest route them, with the
 * same behaviour: the same controller methods (so the same validation and answers), the same weight rule and
 * `RateLimitGuard.charge` (X-MBX-USED-WEIGHT-1M, 429 / 418 with `Retry-After`), the same error bodies
 * (`errorAnswer`), `x-request-id`, the server span, the HTTP histogram and JSON with Express's weak ETag; the
 * security and CORS headers are set by the hardening listener that runs first. Requests it cannot vouch for go on
 * to Express untouched: another method or path (trailing slash, other case), a body, a conditional GET (Express
 * answers 304). Successful answers are logged in summaries (`AccessLog`); refusals and slow ones one by one
 * (docs/gateway.md, "Lean read path").
 */
@Injectable()
export class LeanReadsRouter implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly routes = new Map<string, LeanRoute>();
  /**
   * `POST /api/v3/order`, `DELETE /api/v3/order` and the other signed trading calls before Express (`lean-orders.ts`),
   * by `METHOD /path`, unless HTTP_LEAN_ORDERS is off.
   */
  private readonly orders = new Map<string, LeanOrderRoute>();
  private histogram?: HttpHistogram;
  private hardening?: HardeningListener;
  private express?: ExpressApp;
  /** Express's own `req.ip` (its `trust proxy` setting, TRUST_PROXY) for the requests answered here. */
  private clientIps?: ExpressClientIp;
  private etagOf?: (body: Buffer, encoding: string) => string;
  private readonly accessLog: AccessLog;
  /** The runtime's tracer, looked up once (a proxy that follows the registered provider). */
  private readonly tracer = runtimeTracer();

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly moduleRef: ModuleRef,
    private readonly reflector: Reflector,
    private readonly rateLimit: RateLimitGuard,
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    @InjectConfig() private readonly config: LeanReadsConfig,
    @InjectLogger() private readonly logger: Logger,
  ) {
    this.accessLog = new AccessLog(logger, config);
  }

  onApplicationBootstrap(): void {
    if (!this.config.HTTP_LEAN_READS && !this.config.HTTP_LEAN_ORDERS) return;
    const server = this.adapterHost.httpAdapter.getHttpServer() as Server;
    const express = this.adapterHost.httpAdapter.getInstance<ExpressApp>();
    const listeners = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
    if (!listeners.includes(express)) {
      this.logger.warn('the HTTP server does not run Express as a request listener: no lean read path');
      return;
    }
    this.histogram = this.registry.getSingleMetric(HTTP_DURATION) as HttpHistogram | undefined;
    this.express = express;
    this.etagOf = express.get('etag fn') as ((body: Buffer, encoding: string) => string) | undefined;
    this.clientIps = new ExpressClientIp(express);
    if (this.config.HTTP_LEAN_READS) for (const [type, method] of LEAN_HANDLERS) this.addRoute(type, method);
    if (this.config.HTTP_LEAN_ORDERS) {
      const frame = {
        tracer: this.tracer,
        histogram: this.histogram,
        logger: this.logger,
        expressIp: (req: IncomingMessage) => this.expressIp(req),
        send: (res: ServerResponse, status: number, body: Buffer) =>
          this.send(res, status, body, this.etag(body)),
        ...(this.config.ACCESS_LOG_ORDERS === 'summary' && { accessLog: this.accessLog }),
      };
      for (const handler of LEAN_TRADING_HANDLERS) {
        const route = LeanOrderRoute.create(this.moduleRef, this.reflector, this.rateLimit, frame, handler);
        if (route) this.orders.set(route.key, route);
      }
    }
    this.logger.info({ reads: [...this.routes.keys()], orders: [...this.orders.keys()] }, 'lean HTTP routes');
    // The hardening listener's headers go out with a lean read's answer in one `writeHead` instead of one by one.
    const hardening = listeners.find(isHardeningListener);
    this.hardening = hardening;
    // Every listener as before, in the same order; Express only for what the lean path does not take. A lean read
    // is answered at once, so it runs after every other listener (the hardening one's headers are in its answer).
    server.removeAllListeners('request');
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const read = this.readOf(req);
      if (read) {
        for (const listener of listeners)
          if (listener !== express && listener !== hardening) listener.call(server, req, res);
        this.serve(read.route, req, res, read.rawQuery);
        return;
      }
      for (const listener of listeners) {
        if (listener !== express) listener.call(server, req, res);
        else if (!this.takeOrder(req, res)) express(req, res);
      }
    });
  }

  onApplicationShutdown(): void {
    this.accessLog.close();
  }

  /**
   * Registers a handler at the path Nest routes it to, only while it has exactly what the lean path reproduces: a
   * GET with `RateLimitGuard` as its one guard, no pipes or interceptors, and only `@Query()` (or nothing) as
   * arguments. A route that gains more is left to Nest.
   */
  private addRoute(type: Type, method: string): void {
    const instance = this.moduleRef.get<Record<string, (query: Query) => unknown>>(type, { strict: false });
    const handler = instance[method] as ((query: Query) => unknown) & object;
    const shape = routeShape(type, method);
    const args = Object.values(shape.args);
    if (
      shape.verb !== RequestMethod.GET ||
      shape.guards.length !== 1 ||
      shape.guards[0] !== RateLimitGuard ||
      shape.extras ||
      args.some((arg) => arg.data !== undefined) ||
      args.length > 1
    ) {
      this.logger.warn(
        { handler: `${type.name}.${method}` },
        'route left to Nest: it needs more than the lean path',
      );
      return;
    }
    this.routes.set(shape.path, {
      path: shape.path,
      weight: weightRuleOf(this.reflector, handler, type),
      handle: (query) => handler.call(instance, query),
      serialised: new Map(),
    });
  }

  /** The lean read that answers the request, if one does; undefined leaves it to the other listeners and Express. */
  private readOf(req: IncomingMessage): { route: LeanRoute; rawQuery: string } | undefined {
    if (req.method !== 'GET' || this.routes.size === 0) return undefined;
    const url = req.url ?? '/';
    const mark = url.indexOf('?');
    const route = this.routes.get(mark < 0 ? url : url.slice(0, mark));
    if (!route) return undefined;
    const headers = req.headers;
    if (
      (headers['content-length'] !== undefined && headers['content-length'] !== '0') ||
      headers['transfer-encoding'] !== undefined ||
      headers['if-none-match'] !== undefined ||
      headers['if-modified-since'] !== undefined
    )
      return undefined;
    return { route, rawQuery: mark < 0 ? '' : url.slice(mark + 1) };
  }

  /** Whether a lean trading route answers the request (it then does); false leaves it to Express untouched. */
  private takeOrder(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.method === 'GET' || this.orders.size === 0) return false;
    const url = req.url ?? '/';
    const mark = url.indexOf('?');
    const path = mark < 0 ? url : url.slice(0, mark);
    const route = this.orders.get(`${req.method} ${path}`);
    return route !== undefined && route.take(req, res, path, mark < 0 ? '' : url.slice(mark + 1));
  }

  /**
   * Answers a lean read in the request's context and span. When the weight is counted in-process and the handler
   * answers at once (a cached read), the whole answer is written in this turn, with no promise; the answer's
   * headers (the hardening listener's, `x-request-id`, `X-MBX-USED-WEIGHT-1M`, the JSON's) go out in one
   * `writeHead`.
   */
  private serve(route: LeanRoute, req: IncomingMessage, res: ServerResponse, rawQuery: string): void {
    const request = startLeanRequest(this.tracer, this.histogram, req, 'GET', route.path);
    const headers = [...(this.hardening?.headersFor(req) ?? []), 'x-request-id', request.context.requestId];
    const answer: LeanAnswer = { route, req, res, rawQuery, request, headers };
    runWithRequestContext(request.context, () => otelContext.with(request.active, () => this.answer(answer)));
  }

  private answer(answer: LeanAnswer): void {
    try {
      // Express's `simple` query parser (Express 5's default) is Node's querystring.
      const query = parseQuery(answer.rawQuery) as Query;
      const charged = this.rateLimit.chargeNow(
        this.clientIp(answer.req),
        weightOf(answer.route.weight, query),
        (used) => answer.headers.push('X-MBX-USED-WEIGHT-1M', String(used)),
      );
      if (charged)
        charged.then(
          () => this.handle(answer, query),
          (error: unknown) => this.refuse(answer, error),
        );
      else this.handle(answer, query);
    } catch (error) {
      this.refuse(answer, error);
    }
  }

  private handle(answer: LeanAnswer, query: Query): void {
    let value: unknown;
    try {
      value = answer.route.handle(query);
    } catch (error) {
      this.refuse(answer, error);
      return;
    }
    if (isThenable(value))
      value.then(
        (answered) => this.reply(answer, answered),
        (error: unknown) => this.refuse(answer, error),
      );
    else this.reply(answer, value);
  }

  /** 200 with the JSON as `res.json` sends it (content type, length, weak ETag). */
  private reply(answer: LeanAnswer, value: unknown): void {
    let serialised: Serialised;
    try {
      serialised = this.bytesOf(answer.route, answer.rawQuery, value);
    } catch (error) {
      this.refuse(answer, error);
      return;
    }
    const { headers, res } = answer;
    headers.push('Content-Type', JSON_TYPE, 'Content-Length', serialised.length);
    if (serialised.etag) headers.push('ETag', serialised.etag);
    res.writeHead(200, headers);
    res.end(serialised.text);
    this.finish(answer, 200);
  }

  /** A refusal as the exception filter answers it, with the headers gathered so far. */
  private refuse(answer: LeanAnswer, error: unknown): void {
    const { headers, res } = answer;
    for (let i = 0; i < headers.length; i += 2) res.setHeader(headers[i]!, headers[i + 1]!);
    this.finish(
      answer,
      sendRefusal(res, error, this.logger, (r, s, body) => this.send(r, s, body, this.etag(body))),
    );
  }

  private finish({ route, req, request }: LeanAnswer, status: number): void {
    const responseTimeMs = endLeanRequest(request, status);
    this.accessLog.completed(route.path, status, responseTimeMs, () =>
      logCompleted(this.logger, request, req.url ?? '/', status, responseTimeMs),
    );
  }

  /**
   * The answer as bytes: the same version as the last one for this query string is not serialised again, and the
   * same text (a ping) keeps its bytes and ETag.
   */
  private bytesOf(route: LeanRoute, rawQuery: string, answer: unknown): Serialised {
    const version = versionOf(answer);
    const last = route.serialised.get(rawQuery);
    if (last && (last.answer === answer || (version !== undefined && last.version === version))) return last;
    const text = JSON.stringify(answer) ?? '';
    if (last && last.text === text) {
      last.answer = answer;
      last.version = version;
      return last;
    }
    const body = Buffer.from(text);
    const serialised: Serialised = {
      answer,
      version,
      text,
      length: String(body.length),
      etag: this.etag(body),
    };
    if (route.serialised.size >= SERIALISED_PER_ROUTE && !last) route.serialised.clear();
    route.serialised.set(rawQuery, serialised);
    return serialised;
  }

  private etag(body: Buffer): string {
    return this.etagOf ? this.etagOf(body, 'utf8') : '';
  }

  /** As Express's `res.json`: JSON with its content type and length, and its (weak) ETag. */
  private send(res: ServerResponse, status: number, body: Buffer, etag: string): void {
    res.statusCode = status;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Length', body.length);
    if (etag) res.setHeader('ETag', etag);
    res.end(body);
  }

  /**
   * Express's `req.ip` for a raw request (its `trust proxy`, TRUST_PROXY). Trusting no proxy (`trust proxy` false,
   * Express's default: TRUST_PROXY empty), `req.ip` is the socket's address, which is then read without parsing
   * `X-Forwarded-For`.
   */
  private expressIp(req: IncomingMessage): string | undefined {
    return this.clientIps?.expressIp(req);
  }

  /** The client's address as `RateLimitGuard` reads it from Express: `req.ip` (trust proxy), else the socket's. */
  private clientIp(req: IncomingMessage): string {
    return this.clientIps?.of(req) ?? req.socket.remoteAddress ?? 'unknown';
  }
}

import { type IncomingMessage, type ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';

import { RequestMethod } from '@nestjs/common';
import { type ModuleRef, type Reflector } from '@nestjs/core';
import { context as otelContext, type Tracer } from '@opentelemetry/api';

import { type ApiKeyPermission } from '@exchange/shared-contracts';
import { type Logger, runWithRequestContext } from '@exchange/shared-util-logging';

import { ApiKeyAuthenticator } from '../auth/api-key-authenticator';
import { type AuthRequest, type Principal } from '../auth/principal';
import { RequestParams } from '../auth/request-params';
import { permissionOf, SignedGuard, signedCallOf } from '../auth/signed.guard';
import { RateLimitGuard, weightOf, weightRuleOf, type WeightRule } from '../rate-limit/rate-limit.guard';
import { type HeaderSink } from '../trading/order-rate-limit.service';
import { TradingController } from '../trading/trading.controller';
import { type AccessLog } from './access-log';
import {
  endLeanRequest,
  type HttpHistogram,
  type LeanMethod,
  routeShape,
  sendRefusal,
  startLeanRequest,
  writeCompleted,
} from './lean-frame';

/**
 * The largest form body the lean route reads itself. Below 1000 bytes a body cannot hold more than the body
 * parser's 1000 parameters (`parameterLimit`) nor reach its 100 kB limit, so none of its refusals can apply; a
 * larger body (no order needs one) goes to Express, which answers it as before.
 */
const MAX_LEAN_BODY_BYTES = 999;

/** The form content types Express's `urlencoded` parser reads as UTF-8 (what clients and ccxt send). */
const FORM_TYPES = new Set([
  'application/x-www-form-urlencoded',
  'application/x-www-form-urlencoded; charset=utf-8',
]);

/** What the lean route borrows from the lean read router: Express's own client address and ETag, the frame's metrics. */
export interface LeanFrame {
  tracer: Tracer;
  histogram?: HttpHistogram;
  logger: Logger;
  /** Express's `req.ip` (its `trust proxy`, TRUST_PROXY) for a raw request. */
  expressIp(req: IncomingMessage): string | undefined;
  /** Sends JSON bytes as Express's `res.json` does (content type, length, weak ETag). */
  send(res: ServerResponse, status: number, body: Buffer): void;
  /** With `ACCESS_LOG_ORDERS=summary`: accepted orders are counted there instead of logged one by one. */
  accessLog?: AccessLog;
}

/** A signed trading handler as the lean route calls it: the caller, the parameters and the response's headers. */
type TradingCall = (caller: Principal, params: RequestParams, response: HeaderSink) => Promise<unknown>;

/** The verbs of the trading routes the lean path answers. */
type LeanVerb = Exclude<LeanMethod, 'GET'>;

/**
 * `TradingController`'s handlers answered on the lean route, each with the arguments it takes in order (`@Caller()`,
 * `@Params()`, and `@Res({ passthrough: true })` for the order-count headers of a placement): the hot calls of a
 * trading client, a placement and what follows it (cancel, amend, cancel-all).
 */
export const LEAN_TRADING_HANDLERS = [
  { name: 'placeOrder', args: 3 },
  { name: 'cancelOrder', args: 2 },
  { name: 'amendOrder', args: 2 },
  { name: 'cancelOpenOrders', args: 2 },
] as const satisfies readonly { name: keyof TradingController; args: number }[];

export type LeanTradingHandler = (typeof LEAN_TRADING_HANDLERS)[number];

/**
 * A signed trading route (`POST /api/v3/order`, `DELETE /api/v3/order`, ...: `LEAN_TRADING_HANDLERS`) answered on
 * the HTTP server's `request` event before Express and Nest route it, with the same behaviour as the Nest route: the
 * same `RateLimitGuard.charge` with the route's `@Weight`, then the same signed call (`signedCallOf`,
 * `ApiKeyAuthenticator`: key, allow-list, precheck, timestamp, signature, permission, replay record), then the
 * controller's own handler (parameters, order-count limits, wallet), its answer as `res.json` sends it, refusals
 * through `errorAnswer` (the exception filter's), and the runtime's frame: the server span, `x-request-id` and the
 * request context, the `request completed` line (with the user id once known) and the HTTP histogram, started after
 * the body is read as the runtime's middleware start after the body parser. Requests it does not vouch for go to
 * Express untouched: another path spelling, a content type other than a plain UTF-8 form, a compressed, chunked or
 * larger body (docs/gateway.md, "Lean order route").
 */
export class LeanOrderRoute {
  private constructor(
    readonly method: LeanVerb,
    readonly path: string,
    private readonly weight: WeightRule,
    private readonly permission: ApiKeyPermission,
    private readonly call: TradingCall,
    private readonly rateLimit: RateLimitGuard,
    private readonly authenticator: ApiKeyAuthenticator,
    private readonly frame: LeanFrame,
  ) {}

  /** `METHOD /path`, the key the lean path finds the route by. */
  get key(): string {
    return `${this.method} ${this.path}`;
  }

  /**
   * The route of `handler`, only while the controller's method has exactly what it reproduces: a POST, DELETE or
   * PUT answered 200, with `RateLimitGuard` then `SignedGuard` as its guards, no pipes or interceptors, and the
   * handler's arguments; otherwise undefined (left to Nest, with a warning).
   */
  static create(
    moduleRef: ModuleRef,
    reflector: Reflector,
    rateLimit: RateLimitGuard,
    frame: LeanFrame,
    handler: LeanTradingHandler,
  ): LeanOrderRoute | undefined {
    const type = TradingController;
    const controller = moduleRef.get(type, { strict: false });
    const handlerFn = type.prototype[handler.name];
    const shape = routeShape(type, handler.name);
    const permission = permissionOf(reflector, handlerFn);
    const verb = RequestMethod[shape.verb] as string;
    // Nest answers a POST with 201 unless told otherwise, every other verb with 200.
    const status = shape.httpCode ?? (shape.verb === RequestMethod.POST ? 201 : 200);
    if (
      !(verb === 'POST' || verb === 'DELETE' || verb === 'PUT') ||
      status !== 200 ||
      shape.guards.length !== 2 ||
      shape.guards[0] !== RateLimitGuard ||
      shape.guards[1] !== SignedGuard ||
      shape.extras ||
      Object.keys(shape.args).length !== handler.args ||
      permission === undefined
    ) {
      frame.logger.warn(
        { handler: `TradingController.${handler.name}` },
        'route left to Nest: it needs more than the lean path',
      );
      return undefined;
    }
    return new LeanOrderRoute(
      verb,
      shape.path,
      weightRuleOf(reflector, handlerFn, type),
      permission,
      (controller[handler.name] as TradingCall).bind(controller),
      rateLimit,
      moduleRef.get(ApiKeyAuthenticator, { strict: false }),
      frame,
    );
  }

  /** Whether the route answers the request (it then does); false leaves it to Express untouched. */
  take(req: IncomingMessage, res: ServerResponse, path: string, rawQuery: string): boolean {
    if (path !== this.path) return false;
    const headers = req.headers;
    if (headers['transfer-encoding'] !== undefined || headers['content-encoding'] !== undefined) return false;
    const length = headers['content-length'];
    const hasBody = length !== undefined;
    if (hasBody && !/^\d{1,3}$/.test(length)) return false;
    if (hasBody && Number(length) > MAX_LEAN_BODY_BYTES) return false;
    const type = headers['content-type'];
    if (type !== undefined && !FORM_TYPES.has(type.toLowerCase())) return false;
    if (!hasBody) {
      this.serve(req, res, rawQuery, undefined);
      return true;
    }
    // Read as Express's body parser would (its `verify` keeps the exact bytes as `rawBody`); a request whose body
    // never completes is dropped without a line, as the parser's refusal comes before the runtime's middleware.
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('end', () =>
      this.serve(req, res, rawQuery, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)),
    );
    req.once('error', () => req.destroy());
    return true;
  }

  private serve(
    req: IncomingMessage,
    res: ServerResponse,
    rawQuery: string,
    rawBody: Buffer | undefined,
  ): void {
    const lean = startLeanRequest(this.frame.tracer, this.frame.histogram, req, this.method, this.path);
    res.setHeader('x-request-id', lean.context.requestId);
    const request: AuthRequest = {
      method: this.method,
      originalUrl: req.url ?? this.path,
      ip: this.frame.expressIp(req),
      socket: req.socket,
      headers: req.headers,
      ...(rawBody && { rawBody }),
    };
    // Called from `answer`, which runs in the request's context and span (entered below).
    const finish = (status: number) => {
      const responseTimeMs = endLeanRequest(lean, status);
      const logOne = () =>
        writeCompleted(
          this.frame.logger,
          lean,
          request.originalUrl,
          status,
          responseTimeMs,
          request.principal?.userId,
        );
      if (this.frame.accessLog)
        this.frame.accessLog.completed(this.path, status, responseTimeMs, logOne, this.method);
      else logOne();
    };
    runWithRequestContext(lean.context, () =>
      otelContext.with(lean.active, () => void this.answer(request, res, rawQuery, finish)),
    );
  }

  private async answer(
    request: AuthRequest,
    res: ServerResponse,
    rawQuery: string,
    finish: (status: number) => void,
  ): Promise<void> {
    let status = 200;
    try {
      // The guards in Nest's order: the controller's `RateLimitGuard`, then the handler's `SignedGuard`.
      const weight = this.weight;
      const charged = this.rateLimit.chargeNow(
        request.ip ?? request.socket.remoteAddress ?? 'unknown',
        // Express's `simple` query parser (its `req.query`) is Node's querystring.
        typeof weight === 'number' ? weight : weightOf(weight, parseQuery(rawQuery)),
        (used) => res.setHeader('X-MBX-USED-WEIGHT-1M', String(used)),
      );
      if (charged) await charged;
      request.principal = await this.authenticator.authenticate(signedCallOf(request, this.permission));
      const answer = await this.call(request.principal, RequestParams.of(request), res);
      this.frame.send(res, 200, Buffer.from(JSON.stringify(answer) ?? ''));
    } catch (error) {
      status = sendRefusal(res, error, this.frame.logger, this.frame.send);
    }
    finish(status);
  }
}

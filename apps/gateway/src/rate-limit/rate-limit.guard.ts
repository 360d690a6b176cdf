import { type CanActivate, type ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Counter, type Registry } from 'prom-client';

import { METRICS_REGISTRY } from '@exchange/shared-feature-runtime';
import { InjectConfig } from '@exchange/shared-util-config';

import { BinanceApiError, BinanceErrorCode } from '../binance/binance-error-code';
import { type GatewayConfig } from '../config/gateway.config';
import { type WindowUsage } from './rate-limit.repository';
import { RequestWeightService } from './request-weight.service';

const WEIGHT = Symbol('REQUEST_WEIGHT');
const REFUSALS = 'gateway_rate_limit_refusals_total';

/** The refusals counter, once per registry (Nest makes a guard instance per module that uses it). */
function refusalsCounter(registry: Registry): Counter<'limit'> {
  return (
    (registry.getSingleMetric(REFUSALS) as Counter<'limit'> | undefined) ??
    new Counter({
      // A literal: the chart's metric inventory reads the names declared in the code.
      name: 'gateway_rate_limit_refusals_total',
      help: 'Requests refused with 429 because the client address used up its request weight (REST and gRPC).',
      labelNames: ['limit'],
      registers: [registry],
    })
  );
}

export type WeightRule = number | ((query: Record<string, unknown>) => number);

/** The request weight of a route, as Binance documents it (1 when left out), fixed or from the query. */
export const Weight = (weight: WeightRule) => SetMetadata(WEIGHT, weight);

/** The `@Weight` of a route handler, else of its controller class, else 1 (what the guard charges). */
export function weightRuleOf(
  reflector: Reflector,
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- Reflector's own parameter type
  handler: Function,
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  controller: Function,
): WeightRule {
  return reflector.getAllAndOverride<WeightRule | undefined>(WEIGHT, [handler, controller]) ?? 1;
}

/** A parsed form body as parameters; anything else (no body, JSON, text) as none. */
const formBody = (body: unknown): Record<string, unknown> =>
  typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};

/** The weight a request is charged under `rule`, given its parameters (query string and form body). */
export function weightOf(rule: WeightRule, query: Record<string, unknown>): number {
  return typeof rule === 'number' ? rule : rule(query);
}

interface Request {
  ip?: string;
  query: Record<string, unknown>;
  /** A form body's parameters (a signed POST's, as ccxt sends them); weight rules read them with the query's. */
  body?: unknown;
  socket: { remoteAddress?: string };
}

interface Response {
  setHeader(name: string, value: string): void;
}

/**
 * Counts request weight per client IP per minute (in-process, shared by every gateway pod through Redis:
 * `RequestWeightService`) and answers 429 with `Retry-After` past the limit; a client that keeps sending is banned
 * with 418 for growing lengths, as Binance does. Every counted answer carries `X-MBX-USED-WEIGHT-1M`.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly refusals: Counter<'limit'>;

  constructor(
    private readonly reflector: Reflector,
    private readonly weights: RequestWeightService,
    @InjectConfig() private readonly config: GatewayConfig,
    @Inject(METRICS_REGISTRY) registry: Registry,
  ) {
    this.refusals = refusalsCounter(registry);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = weightRuleOf(this.reflector, context.getHandler(), context.getClass());
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    const weight = typeof rule === 'number' ? rule : weightOf(rule, { ...formBody(req.body), ...req.query });
    const ip = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    await this.charge(ip, weight, (used) =>
      http.getResponse<Response>().setHeader('X-MBX-USED-WEIGHT-1M', String(used)),
    );
    return true;
  }

  /**
   * Counts `weight` against the client address's minute (every transport shares the budget: REST and gRPC); past
   * the limit it throws 429 -1003 with the seconds to wait. `onUsed` hears the weight used this minute first.
   */
  async charge(ip: string, weight: number, onUsed: (used: number) => void = () => undefined): Promise<void> {
    await this.chargeNow(ip, weight, onUsed);
  }

  /**
   * `charge` without a turn of the event loop when this pod decides (the weight's count is in-process): returns
   * undefined once counted, or throws the refusal at once; a promise only when Redis decides (a count past the
   * limit by this pod's estimate, or not heard of lately). The lean routes answer a cached read in one go with it.
   */
  chargeNow(
    ip: string,
    weight: number,
    onUsed: (used: number) => void = () => undefined,
  ): Promise<void> | undefined {
    const usage = this.weights.chargeNow(`ip:${ip}`, weight);
    if (!(usage instanceof Promise)) {
      this.decide(ip, usage, onUsed);
      return undefined;
    }
    return usage.then((answered) => this.decide(ip, answered, onUsed));
  }

  private decide(ip: string, usage: WindowUsage, onUsed: (used: number) => void): void {
    if (usage.bannedForMs > 0) {
      this.refusals.inc({ limit: 'ip_ban' });
      throw new BinanceApiError(
        BinanceErrorCode.TOO_MANY_REQUESTS,
        `Way too many requests; IP(${ip}) banned until ${Date.now() + usage.bannedForMs}. Please use the websocket for live updates to avoid bans.`,
        418,
        Math.max(1, Math.ceil(usage.bannedForMs / 1000)),
      );
    }
    onUsed(usage.used);
    if (usage.used > this.config.RATE_LIMIT_WEIGHT_PER_MINUTE) {
      this.refusals.inc({ limit: 'request_weight' });
      throw new BinanceApiError(
        BinanceErrorCode.TOO_MANY_REQUESTS,
        `Too much request weight used; current limit is ${this.config.RATE_LIMIT_WEIGHT_PER_MINUTE} request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.`,
        429,
        Math.max(1, Math.ceil(usage.resetInMs / 1000)),
      );
    }
  }
}

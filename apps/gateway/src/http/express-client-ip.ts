import { type IncomingMessage } from 'node:http';

/** What of Express's app the client address needs: its settings and its request prototype. */
export interface ExpressIpSource {
  get(setting: string): unknown;
  request: object;
}

/**
 * Express's own `req.ip` for a raw request that Express does not route (the lean routes, WebSocket upgrades): its
 * `trust proxy` setting (TRUST_PROXY) applied to the request's headers and socket, so that the per-address weight and
 * API-key allow-lists see the same client as on Express's routes.
 */
export class ExpressClientIp {
  private readonly getter?: (this: object) => string | undefined;

  constructor(private readonly express: ExpressIpSource) {
    this.getter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(express.request) as object, 'ip')
      ?.get as (this: object) => string | undefined;
  }

  /** `req.ip` as Express would give it (undefined when Express cannot tell). */
  expressIp(req: IncomingMessage): string | undefined {
    return this.express.get('trust proxy') === false
      ? req.socket.remoteAddress
      : this.getter?.call({ app: this.express, headers: req.headers, socket: req.socket });
  }

  /** The client's address as `RateLimitGuard` reads it: `req.ip`, else the socket's peer. */
  of(req: IncomingMessage): string {
    return this.expressIp(req) ?? req.socket.remoteAddress ?? 'unknown';
  }
}

import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

import { BinanceApiError, BinanceErrorCode } from '../binance/binance-error-code';
import { type AuthRequest } from './principal';

const PARAMS = Symbol('REQUEST_PARAMS');
const NO_NAMES: ReadonlySet<string> = new Set();

/**
 * A request's parameters as Binance takes them: from the query string and from a form (or, for `/api/v1`, JSON)
 * body, each name at most once. Keeps the raw query and form body: signatures are checked over those bytes.
 */
export class RequestParams {
  private constructor(
    private readonly values: ReadonlyMap<string, string>,
    /** The query string as received, without the `?`. */
    readonly rawQuery: string,
    /** The form body as received ('' for none or for a JSON body). */
    readonly rawForm: string,
    /** Whether some parameters came from a JSON body (which no signature covers). */
    readonly fromJson: boolean,
    /** Parameters a JSON body gave as `true` / `false`: only a flag's read (`flag`) takes them. */
    private readonly jsonBooleans: ReadonlySet<string> = NO_NAMES,
  ) {}

  /** Parses once per request and remembers the result on it. */
  static of(request: AuthRequest): RequestParams {
    const cached = (request as unknown as Record<symbol, RequestParams | undefined>)[PARAMS];
    if (cached) return cached;
    const params = RequestParams.parse(request);
    (request as unknown as Record<symbol, RequestParams>)[PARAMS] = params;
    return params;
  }

  private static parse(request: AuthRequest): RequestParams {
    const mark = request.originalUrl.indexOf('?');
    const rawQuery = mark < 0 ? '' : request.originalUrl.slice(mark + 1);
    const contentType = String(request.headers['content-type'] ?? '').toLowerCase();
    const values = new Map<string, string>();
    const add = (name: string, value: string) => {
      if (values.has(name)) {
        throw new BinanceApiError(
          BinanceErrorCode.TOO_MANY_PARAMETERS,
          `Duplicate values for parameter '${name}' detected.`,
        );
      }
      values.set(name, value);
    };
    for (const [name, value] of new URLSearchParams(rawQuery)) add(name, value);
    let rawForm = '';
    let fromJson = false;
    const jsonBooleans = new Set<string>();
    if (contentType.startsWith('application/x-www-form-urlencoded')) {
      rawForm = request.rawBody?.toString('utf8') ?? '';
      for (const [name, value] of new URLSearchParams(rawForm)) add(name, value);
    } else if (contentType.startsWith('application/json') && request.body !== undefined) {
      const body = request.body;
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        throw new BinanceApiError(
          BinanceErrorCode.MANDATORY_PARAM_EMPTY_OR_MALFORMED,
          'Expected a JSON object.',
        );
      }
      fromJson = Object.keys(body).length > 0;
      for (const [name, value] of Object.entries(body)) {
        if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
          throw new BinanceApiError(
            BinanceErrorCode.MANDATORY_PARAM_EMPTY_OR_MALFORMED,
            `Parameter '${name}' must be a string or a number.`,
          );
        }
        // A JSON number has been read as a double: only a whole one within 2^53 is surely the number sent (0.1,
        // 1e-19 or 12345678901234567890 are not, or not as digits), so decimals travel as strings.
        if (typeof value === 'number' && !Number.isSafeInteger(value)) {
          throw new BinanceApiError(
            BinanceErrorCode.MANDATORY_PARAM_EMPTY_OR_MALFORMED,
            `Parameter '${name}' must be a string or a whole number; send decimals as strings.`,
          );
        }
        add(name, String(value));
        if (typeof value === 'boolean') jsonBooleans.add(name);
      }
    }
    return new RequestParams(values, rawQuery, rawForm, fromJson, jsonBooleans);
  }

  /**
   * Parameters another transport has already decoded (gRPC request fields by their Binance names), so that it runs
   * the same checks as REST; left-out (undefined) values are not set.
   */
  static fromValues(values: Record<string, string | undefined>): RequestParams {
    const present = Object.entries(values).filter((e): e is [string, string] => e[1] !== undefined);
    return new RequestParams(new Map(present), '', '', false);
  }

  /**
   * The parameter's text (undefined when absent or empty). A JSON `true` / `false` is refused here: it is read only
   * as a flag (`flag`), so that `{"origClientOrderId": false}` is not taken as the id `false`.
   */
  get(name: string): string | undefined {
    if (this.jsonBooleans.has(name)) {
      throw new BinanceApiError(
        BinanceErrorCode.MANDATORY_PARAM_EMPTY_OR_MALFORMED,
        `Parameter '${name}' must be a string or a number.`,
      );
    }
    return this.flag(name);
  }

  /** A flag's text: as `get`, and a JSON `true` / `false` as `'true'` / `'false'`. */
  flag(name: string): string | undefined {
    const value = this.values.get(name);
    return value === '' ? undefined : value;
  }

  has(name: string): boolean {
    return this.values.has(name);
  }

  names(): string[] {
    return [...this.values.keys()];
  }

  /** Refuses any parameter outside `allowed` (plus the signing ones): unknown input is an error, not ignored. */
  allowOnly(allowed: readonly string[]): void {
    const known = new Set([...allowed, 'timestamp', 'recvWindow', 'signature']);
    const unknown = this.names().find((name) => !known.has(name));
    if (unknown !== undefined) {
      throw new BinanceApiError(
        BinanceErrorCode.UNKNOWN_PARAM,
        `An unknown parameter was sent: '${unknown}'.`,
      );
    }
  }
}

/** The request's Binance-style parameters (query string and body), parsed once. */
export const Params = createParamDecorator((_: unknown, context: ExecutionContext) =>
  RequestParams.of(context.switchToHttp().getRequest<AuthRequest>()),
);

import {
  type ChannelCredentials,
  type Client,
  credentials,
  loadPackageDefinition,
  type ServiceError,
} from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';

import {
  type AccountProto,
  type CancelAllResponse__Output,
  type CancelOrderResponse__Output,
  decodeStatus,
  GRPC_LOADER_OPTIONS,
  GRPC_PROTO_FILES,
  GRPC_STATUS_DETAILS_KEY,
  type GrpcSigningKey,
  type ListOpenOrdersResponse__Output,
  type MarketDataProto,
  type OrderUpdate__Output,
  type PlaceOrderRequest,
  type PlaceOrderResponse__Output,
  type PlaceOrdersResponse__Output,
  type RichStatus,
  type StreamAccountUpdatesResponse__Output,
  type TradingProto,
} from '@exchange/shared-contracts-grpc';

import { signingInterceptor } from './signing-interceptor';

type Proto = TradingProto & AccountProto & MarketDataProto;

let proto: Proto | undefined;
function protos(): Proto {
  proto ??= loadPackageDefinition(
    loadSync([...GRPC_PROTO_FILES], {
      ...GRPC_LOADER_OPTIONS,
      includeDirs: [...GRPC_LOADER_OPTIONS.includeDirs],
    }),
  ) as unknown as Proto;
  return proto;
}

/** A failed call: the gRPC status and, when the server sent them, its `google.rpc.Status` details. */
export class PartnerCallError extends Error {
  override readonly name = 'PartnerCallError';

  constructor(
    readonly code: number,
    message: string,
    readonly details: RichStatus | undefined,
  ) {
    super(message);
  }

  static of(error: ServiceError): PartnerCallError {
    const raw = error.metadata?.get(GRPC_STATUS_DETAILS_KEY)[0];
    const details = raw instanceof Buffer ? decodeStatus(raw) : undefined;
    return new PartnerCallError(error.code, error.details || error.message, details);
  }
}

export interface PartnerClientOptions {
  /** TLS with the system roots (or `rootCert`); plaintext when false (local runs). */
  tls?: boolean;
  rootCert?: Buffer;
  /** Per-call deadline in ms (default 10 s). */
  deadlineMs?: number;
}

/** A fill of one of the partner's orders, from the account stream. */
export interface PartnerFill {
  symbol: string;
  orderId: string;
  side: string;
  price: string;
  qty: string;
  commission: string;
  commissionAsset: string;
  tradeId: string;
  isMaker: boolean;
  orderStatus: string;
}

/**
 * An example partner client of the exchange's gRPC API: signed trading calls and the account stream, with typed
 * messages from `@exchange/shared-contracts-grpc` and errors carrying the server's ErrorInfo.
 */
export class PartnerClient {
  private readonly trading: Client & Record<string, (...args: unknown[]) => unknown>;
  private readonly account: Client & Record<string, (...args: unknown[]) => unknown>;
  private readonly deadlineMs: number;

  constructor(target: string, key: GrpcSigningKey, options: PartnerClientOptions = {}) {
    const channel: ChannelCredentials = options.tls
      ? credentials.createSsl(options.rootCert ?? null)
      : credentials.createInsecure();
    const clientOptions = { interceptors: [signingInterceptor(key)] };
    const v1 = protos().exchange;
    this.trading = new v1.trading.v1.TradingService(target, channel, clientOptions) as never;
    this.account = new v1.account.v1.AccountService(target, channel, clientOptions) as never;
    this.deadlineMs = options.deadlineMs ?? 10_000;
  }

  placeOrder(request: PlaceOrderRequest): Promise<PlaceOrderResponse__Output> {
    return this.unary(this.trading, 'PlaceOrder', request);
  }

  /**
   * Up to 50 orders in one call, each answered ACK (a quote ladder): one result per order, in order, with the order
   * or the `google.rpc.Status` that refused it (docs/grpc.md, "Placing orders together").
   */
  placeOrders(orders: PlaceOrderRequest[]): Promise<PlaceOrdersResponse__Output> {
    return this.unary(this.trading, 'PlaceOrders', { orders });
  }

  /** Cancels every working order of the partner in one market (NOT_FOUND -2011 when there is none). */
  cancelAll(symbol: string): Promise<CancelAllResponse__Output> {
    return this.unary(this.trading, 'CancelAll', { symbol });
  }

  cancelOrder(symbol: string, orderId: string): Promise<CancelOrderResponse__Output> {
    return this.unary(this.trading, 'CancelOrder', { symbol, ref: { orderId } });
  }

  openOrders(symbol = ''): Promise<ListOpenOrdersResponse__Output> {
    return this.unary(this.trading, 'ListOpenOrders', { symbol });
  }

  /**
   * Follows the account stream and calls `onFill` for each fill of the partner's orders (and `onOrder` for every
   * execution). Resolves once the stream runs (its first message, the balances, has arrived); the returned
   * function ends it. `onEnd` hears why the stream ended (undefined when the partner ended it).
   */
  async streamFills(handlers: {
    onFill: (fill: PartnerFill) => void;
    onOrder?: (update: OrderUpdate__Output) => void;
    onEnd?: (error: PartnerCallError | undefined) => void;
  }): Promise<() => void> {
    const stream = this.account['StreamAccountUpdates']!({}) as NodeJS.ReadableStream & {
      cancel(): void;
    };
    let stopped = false;
    const ready = new Promise<void>((resolve, reject) => {
      stream.once('data', () => resolve());
      stream.on('error', (error: ServiceError) => {
        const failure = stopped ? undefined : PartnerCallError.of(error);
        reject(failure ?? error);
        handlers.onEnd?.(failure);
      });
    });
    stream.on('data', (message: StreamAccountUpdatesResponse__Output) => {
      const update = message.order;
      if (!update) return;
      handlers.onOrder?.(update);
      if (update.executionType !== 'EXECUTION_TYPE_TRADE' || !update.fill || !update.order) return;
      handlers.onFill({
        symbol: update.order.symbol,
        orderId: update.order.orderId,
        side: update.order.side,
        price: update.fill.price,
        qty: update.fill.qty,
        commission: update.fill.commission,
        commissionAsset: update.fill.commissionAsset,
        tradeId: update.fill.tradeId,
        isMaker: update.isMaker,
        orderStatus: update.order.status,
      });
    });
    await ready;
    return () => {
      stopped = true;
      stream.cancel();
    };
  }

  close(): void {
    this.trading.close();
    this.account.close();
  }

  private unary<T>(client: Record<string, (...args: unknown[]) => unknown>, method: string, request: object) {
    return new Promise<T>((resolve, reject) =>
      client[method]!(
        request,
        { deadline: new Date(Date.now() + this.deadlineMs) },
        (error: ServiceError | null, response: T) =>
          error ? reject(PartnerCallError.of(error)) : resolve(response),
      ),
    );
  }
}

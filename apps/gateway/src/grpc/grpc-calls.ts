import {
  Metadata,
  type sendUnaryData,
  type ServerUnaryCall,
  type ServerWritableStream,
  status,
} from '@grpc/grpc-js';
import { Injectable } from '@nestjs/common';

import { type ApiKeyPermission } from '@exchange/shared-contracts';
import { ERROR_DOMAIN, GRPC_AUTH_METADATA, signingPayload } from '@exchange/shared-contracts-grpc';
import { InjectConfig } from '@exchange/shared-util-config';
import { InjectLogger, type Logger } from '@exchange/shared-util-logging';

import { ApiKeyAuthenticator, type ApiKeyPrincipal } from '../auth/api-key-authenticator';
import { type GatewayConfig } from '../config/gateway.config';
import { RateLimitGuard } from '../rate-limit/rate-limit.guard';
import { GrpcMetrics } from './grpc.metrics';
import { type GrpcError, richError, toGrpcError } from './grpc-status';

const CANCELLED = Symbol('call cancelled');

/** The bytes each request arrived as (kept by the server's deserialisers): signatures cover exactly these. */
export const requestBytes = new WeakMap<object, Buffer>();

/** Who may call: anyone (public market data, weighed by address) or an API key holding the permission. */
export type Access = { public: true } | { permission: ApiKeyPermission; once: boolean };

// The accesses of the services, as REST's guards grant them: public market data; READ with a signature that may be
// replayed (REST's signed GETs); TRADE and WITHDRAW signed once (REST's signed POST, PUT and DELETE).
export const PUBLIC = { public: true } as const satisfies Access;
export const READ = { permission: 'READ', once: false } as const satisfies Access;
export const TRADE = { permission: 'TRADE', once: true } as const satisfies Access;
export const WITHDRAW = { permission: 'WITHDRAW', once: true } as const satisfies Access;

export interface CallContext {
  /** Set for signed calls. */
  principal?: ApiKeyPrincipal;
  clientIp: string;
  /**
   * Sent with the answer, as REST's headers: `x-mbx-used-weight-1m`, and `x-mbx-order-count-10s` / `-1d` for
   * placements (lower-case names).
   */
  trailers: Metadata;
  /** Resolves when the client cancels or the deadline passes; the handler stops waiting then. */
  cancelled: Promise<void>;
  isCancelled(): boolean;
}

type AnyCall = ServerUnaryCall<object, unknown> | ServerWritableStream<object, unknown>;

/** `127.0.0.1:5000`, `[::1]:5000`, `[::ffff:10.0.0.1]:5000` → the address as the allow-lists compare it. */
export function peerIp(peer: string): string {
  const bracket = /^\[([^\]]+)\](?::\d+)?$/.exec(peer);
  let ip = bracket ? bracket[1]! : peer.replace(/:\d+$/, '');
  if (ip.startsWith('::ffff:') && ip.includes('.')) ip = ip.slice('::ffff:'.length);
  return ip;
}

function metadataText(metadata: Metadata, key: string): string | undefined {
  const values = metadata.get(key);
  return values.length === 1 && typeof values[0] === 'string' ? values[0] : undefined;
}

/** What a running server stream needs: a bounded writer and a way to learn that it ended. */
export interface StreamSink<T> {
  /** Queues one message; past the buffer limit the stream is closed as a slow consumer. */
  push(message: T): void;
  /** Ends the stream with an error status (the subscriptions are released). */
  fail(error: unknown): void;
  /** Runs `stop` once the stream ends, however it ends. */
  onEnd(stop: () => void): void;
}

/**
 * The rules every gRPC call goes through, the same as REST's: request weight per client address, then (for
 * signed calls) the API key, its allow-list, the timestamp window, the signature over the canonical form, the
 * permission and replay; errors become statuses with ErrorInfo. Server streams get a bounded writer.
 */
@Injectable()
export class GrpcCalls {
  private readonly streams = new Set<() => void>();

  constructor(
    private readonly authenticator: ApiKeyAuthenticator,
    private readonly weights: RateLimitGuard,
    private readonly metrics: GrpcMetrics,
    @InjectConfig() private readonly config: GatewayConfig,
    @InjectLogger() private readonly logger: Logger,
  ) {}

  unary<Req extends object, Res>(
    access: Access,
    weight: number | ((request: Req) => number),
    handler: (request: Req, context: CallContext) => Promise<Res>,
  ) {
    return (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) => {
      const context = this.contextOf(call as unknown as AnyCall);
      const method = call.getPath();
      this.prepare(call as unknown as AnyCall, access, weight, context)
        .then(() => {
          // Past its deadline (or abandoned) while it was being checked: nothing is done for it.
          if (context.isCancelled()) throw CANCELLED;
          return handler(call.request, context);
        })
        .then(
          (response) => {
            this.metrics.calls.inc({ method, code: status[status.OK] });
            if (!context.isCancelled()) callback(null, response, context.trailers);
          },
          (error: unknown) => {
            if (error === CANCELLED) {
              this.metrics.calls.inc({ method, code: status[status.CANCELLED] });
              return;
            }
            const grpc = this.errorOf(error, method);
            for (const [name, value] of Object.entries(context.trailers.getMap())) {
              if (typeof value === 'string') grpc.metadata.set(name, value);
            }
            if (!context.isCancelled()) callback(grpc);
          },
        );
    };
  }

  serverStream<Req extends object, Res>(
    access: Access,
    weight: number,
    start: (request: Req, context: CallContext, sink: StreamSink<Res>) => Promise<void>,
  ) {
    return (call: ServerWritableStream<Req, Res>) => {
      const context = this.contextOf(call as unknown as AnyCall);
      const method = call.getPath();
      const sink = new BoundedSink<Res>(call, this.config.GRPC_STREAM_BUFFER, {
        overflow: () => {
          this.metrics.slowConsumerCloses.inc();
          this.logger.warn({ method, clientIp: context.clientIp }, 'grpc stream closed: slow consumer');
        },
        sent: () => this.metrics.streamMessages.inc(),
        error: (error) => this.errorOf(error, method),
      });
      this.metrics.activeStreams.inc();
      const closeForShutdown = () =>
        sink.fail(
          richError({
            code: status.UNAVAILABLE,
            message: 'The server is shutting down; reconnect.',
            errorInfo: { reason: 'SHUTTING_DOWN', domain: ERROR_DOMAIN, metadata: {} },
          }),
        );
      this.streams.add(closeForShutdown);
      sink.onEnd(() => {
        this.streams.delete(closeForShutdown);
        this.metrics.activeStreams.dec();
      });
      void context.cancelled.then(() => sink.cancelled());
      this.prepare(call as unknown as AnyCall, access, weight, context)
        .then(() => (context.isCancelled() ? undefined : start(call.request, context, sink)))
        .catch((error: unknown) => sink.fail(error));
    };
  }

  /** Ends every running stream with UNAVAILABLE (shutdown), so that clients reconnect elsewhere. */
  closeAllStreams(): void {
    for (const close of [...this.streams]) close();
  }

  private errorOf(error: unknown, method: string): GrpcError {
    if (
      (error as Partial<GrpcError> | undefined)?.metadata &&
      typeof (error as GrpcError).code === 'number'
    ) {
      const grpc = error as GrpcError;
      this.metrics.calls.inc({ method, code: status[grpc.code] });
      return grpc;
    }
    const { grpc, unexpected } = toGrpcError(error);
    if (unexpected) this.logger.error({ err: error, method }, 'grpc call failed');
    this.metrics.calls.inc({ method, code: status[grpc.code] });
    return grpc;
  }

  private contextOf(call: AnyCall): CallContext {
    let cancelled = false;
    // grpc-js cancels a call at its deadline from a timer, which a busy loop may run after the checks' I/O: a call
    // whose deadline has passed counts as cancelled whether or not the timer has fired yet.
    const deadline = call.getDeadline();
    const deadlineMs = deadline instanceof Date ? deadline.getTime() : deadline;
    const context: CallContext = {
      clientIp: peerIp(call.getPeer()),
      trailers: new Metadata(),
      cancelled: new Promise<void>((resolve) =>
        call.once('cancelled', () => {
          cancelled = true;
          resolve();
        }),
      ),
      isCancelled: () => cancelled || Date.now() >= deadlineMs,
    };
    return context;
  }

  private async prepare<Req extends object>(
    call: AnyCall,
    access: Access,
    weight: number | ((request: Req) => number),
    context: CallContext,
  ): Promise<void> {
    const request = call.request as Req;
    await this.weights.charge(
      context.clientIp,
      typeof weight === 'number' ? weight : weight(request),
      (used) => context.trailers.set('x-mbx-used-weight-1m', String(used)),
    );
    if ('public' in access) return;
    const metadata = call.metadata;
    const timestamp = metadataText(metadata, GRPC_AUTH_METADATA.timestamp);
    const recvWindow = metadataText(metadata, GRPC_AUTH_METADATA.recvWindow);
    context.principal = await this.authenticator.authenticate({
      apiKey: metadataText(metadata, GRPC_AUTH_METADATA.apiKey),
      clientIp: context.clientIp,
      permission: access.permission,
      params: {
        get: (name) => (name === 'timestamp' ? timestamp : name === 'recvWindow' ? recvWindow : undefined),
      },
      payload: () => ({
        signed: signingPayload(
          call.getPath(),
          timestamp ?? '',
          recvWindow ?? '',
          requestBytes.get(request) ?? Buffer.alloc(0),
        ),
        signature: metadataText(metadata, GRPC_AUTH_METADATA.signature) ?? '',
      }),
      once: access.once,
    });
  }
}

/**
 * A server stream's writer with a bound: it writes while the transport takes messages, queues while the client's
 * flow-control window is full, and past `limit` queued messages drops the queue and ends the stream with
 * RESOURCE_EXHAUSTED (ErrorInfo SLOW_CONSUMER). Memory per stream is thus at most `limit` messages plus the
 * transport's own small buffer.
 */
class BoundedSink<T> implements StreamSink<T> {
  private readonly queue: T[] = [];
  private blocked = false;
  private ended = false;
  private readonly stops: (() => void)[] = [];

  constructor(
    private readonly call: ServerWritableStream<object, T>,
    private readonly limit: number,
    private readonly hooks: { overflow(): void; sent(): void; error(error: unknown): GrpcError },
  ) {
    call.on('drain', () => this.flush());
  }

  push(message: T): void {
    if (this.ended) return;
    if (this.blocked) {
      this.queue.push(message);
      if (this.queue.length > this.limit) this.overflow();
      return;
    }
    this.write(message);
  }

  fail(error: unknown): void {
    if (this.ended) return;
    const grpc = this.hooks.error(error);
    this.end();
    this.call.emit('error', grpc);
  }

  /** The client went away or the deadline passed: grpc-js has already answered; only release. */
  cancelled(): void {
    this.end();
  }

  onEnd(stop: () => void): void {
    if (this.ended) stop();
    else this.stops.push(stop);
  }

  private write(message: T): void {
    this.hooks.sent();
    if (!this.call.write(message)) this.blocked = true;
  }

  private flush(): void {
    this.blocked = false;
    while (!this.blocked && this.queue.length > 0 && !this.ended) this.write(this.queue.shift()!);
  }

  private overflow(): void {
    this.queue.length = 0;
    this.hooks.overflow();
    this.fail(
      richError({
        code: status.RESOURCE_EXHAUSTED,
        message: `The stream's client read too slowly (more than ${this.limit} messages waiting); reconnect and re-read the current state.`,
        errorInfo: {
          reason: 'SLOW_CONSUMER',
          domain: ERROR_DOMAIN,
          metadata: { buffer: String(this.limit) },
        },
      }),
    );
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.queue.length = 0;
    for (const stop of this.stops.splice(0)) {
      try {
        stop();
      } catch {
        // A failing release must not keep the others from running.
      }
    }
  }
}

import { randomUUID } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';
import { type ClientProxy } from '@nestjs/microservices';
// Not re-exported by the package's index: NATS answered "no responders", so no pod of the service is up.
import { EmptyResponseException } from '@nestjs/microservices/errors/empty-response.exception';
import { type NatsConnection } from 'nats';
import { firstValueFrom, timeout, TimeoutError } from 'rxjs';
import { type z } from 'zod';

import { NatsNames, TracingNatsRecordSerializer } from '@exchange/shared-data-access-nats';

import { BinanceApiError, BinanceErrorCode } from '../binance/binance-error-code';
import { ReplyInbox, UnansweredRequestError } from './reply-inbox';

/** Injection token of the NATS client the gateway asks the services with. */
export const SERVICES_CLIENT = 'SERVICES_CLIENT';

/** What a service's `RpcException({ code, message })` looks like when it reaches the gateway. */
export interface ServiceError {
  code: number | string;
  message: string;
}

export class ServiceRequestError extends Error {
  override readonly name = 'ServiceRequestError';

  constructor(
    readonly subject: string,
    readonly serviceError: ServiceError,
  ) {
    super(`${subject}: ${serviceError.message}`);
  }
}

function asServiceError(error: unknown): ServiceError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return (typeof code === 'number' || typeof code === 'string') && typeof message === 'string'
    ? { code, message }
    : undefined;
}

/** What Nest's NATS server answers a request with (`{ id, response }` or `{ id, err }`, `isDisposed`). */
interface ReplyPacket {
  err?: unknown;
  response?: unknown;
}

/** The NATS client proxy as Nest's `ClientNats` is: connects on demand and hands out its connection. */
interface NatsClientProxy {
  connect(): Promise<unknown>;
  unwrap<T>(): T;
}

const isNatsClient = (client: object): client is NatsClientProxy =>
  typeof (client as Partial<NatsClientProxy>).unwrap === 'function';

const UTF8 = new TextDecoder();

const unanswered = () =>
  new BinanceApiError(
    BinanceErrorCode.DISCONNECTED,
    'Internal error; unable to process your request. Please try again.',
    503,
  );

/**
 * Request/reply to the services over NATS: every answer is checked against its contract schema, a service's
 * typed error becomes a `ServiceRequestError` for the caller to map, and silence (a timeout, or no pod of the
 * service listening) becomes -1001 (503).
 *
 * The request is the one Nest's `ClientNats` sends (the same `{ pattern, data, id }` packet and trace headers, by
 * the same serializer, to the same subject), made on the gateway's own reply subscription of the connection
 * (`ReplyInbox`: one wildcard inbox, answers matched by token): Nest's `send` subscribes a new inbox for every
 * request and unsubscribes it after the answer (three protocol messages and a server-side subscription per call)
 * and runs it through rxjs, and nats.js's `request` builds a timer and, on every answer, an error with its stack;
 * this costs one publish and a `Map` entry. Before the connection is up, and for a client proxy of another kind, it
 * goes through `send`.
 */
@Injectable()
export class ServiceClientRepository {
  private readonly serializer = new TracingNatsRecordSerializer();
  private connection?: NatsConnection;
  private inbox?: ReplyInbox;
  private connecting?: Promise<void>;

  constructor(
    @Inject(SERVICES_CLIENT) private readonly client: ClientProxy,
    /** The run prefix the services listen under (`NATS_STREAM_PREFIX`; none in production). */
    private readonly names: NatsNames,
  ) {}

  async request<Schema extends z.ZodType>(
    subject: string,
    payload: unknown,
    replySchema: Schema,
    timeoutMs = 5_000,
  ): Promise<z.infer<Schema>> {
    const reply = this.connectionOrConnect()
      ? await this.requestOnConnection(this.inbox!, subject, payload, timeoutMs)
      : await this.requestThroughProxy(subject, payload, timeoutMs);
    const parsed = replySchema.safeParse(reply);
    if (!parsed.success) {
      throw new Error(`${subject}: the reply does not match its contract: ${parsed.error.message}`);
    }
    return parsed.data;
  }

  /** Whether the NATS connection is up (it is asked for once, on the first call, through the proxy's `connect`). */
  private connectionOrConnect(): boolean {
    if (this.connection && !this.connection.isClosed()) return true;
    this.connection = undefined;
    if (!this.connecting && isNatsClient(this.client)) {
      const client = this.client;
      this.connecting = client.connect().then(
        () => {
          this.connection = client.unwrap<NatsConnection>();
          this.inbox = new ReplyInbox(this.connection);
        },
        () => undefined,
      );
      void this.connecting.finally(() => {
        this.connecting = undefined;
      });
    }
    return false;
  }

  private async requestOnConnection(
    inbox: ReplyInbox,
    subject: string,
    payload: unknown,
    timeoutMs: number,
  ): Promise<unknown> {
    const pattern = this.names.subject(subject);
    const record = this.serializer.serialize({ pattern, data: payload, id: randomUUID() });
    let packet: ReplyPacket;
    try {
      const msg = await inbox.request(
        pattern,
        record.data as Uint8Array,
        timeoutMs,
        record.headers as Parameters<ReplyInbox['request']>[3],
      );
      // An empty answer is NATS's "no responders" status or Nest's (EmptyResponseException).
      if (msg.data.length === 0) throw unanswered();
      packet = JSON.parse(UTF8.decode(msg.data)) as ReplyPacket;
    } catch (error) {
      if (error instanceof UnansweredRequestError) throw unanswered();
      throw error;
    }
    if (packet.err !== undefined && packet.err !== null) {
      const serviceError = asServiceError(packet.err);
      if (serviceError) throw new ServiceRequestError(subject, serviceError);
      throw packet.err;
    }
    return packet.response;
  }

  private async requestThroughProxy(subject: string, payload: unknown, timeoutMs: number): Promise<unknown> {
    try {
      return await firstValueFrom(
        this.client.send(this.names.subject(subject), payload).pipe(timeout(timeoutMs)),
      );
    } catch (error) {
      if (error instanceof TimeoutError || error instanceof EmptyResponseException) throw unanswered();
      const serviceError = asServiceError(error);
      if (serviceError) throw new ServiceRequestError(subject, serviceError);
      throw error;
    }
  }
}

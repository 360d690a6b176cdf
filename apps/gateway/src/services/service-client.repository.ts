import { Inject, Injectable } from '@nestjs/common';
import { type ClientProxy } from '@nestjs/microservices';
// Not re-exported by the package's index: NATS answered "no responders", so no pod of the service is up.
import { EmptyResponseException } from '@nestjs/microservices/errors/empty-response.exception';
import { firstValueFrom, timeout, TimeoutError } from 'rxjs';
import { type z } from 'zod';

import { NatsNames } from '@exchange/shared-data-access-nats';

import { BinanceApiError, BinanceErrorCode } from '../binance/binance-error-code';

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

/**
 * Request/reply to the services over NATS: every answer is checked against its contract schema, a service's
 * typed error becomes a `ServiceRequestError` for the caller to map, and silence (a timeout, or no pod of the
 * service listening) becomes -1001 (503).
 */
@Injectable()
export class ServiceClientRepository {
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
    let reply: unknown;
    try {
      reply = await firstValueFrom(
        this.client.send(this.names.subject(subject), payload).pipe(timeout(timeoutMs)),
      );
    } catch (error) {
      if (error instanceof TimeoutError || error instanceof EmptyResponseException) {
        throw new BinanceApiError(
          BinanceErrorCode.DISCONNECTED,
          'Internal error; unable to process your request. Please try again.',
          503,
        );
      }
      const serviceError = asServiceError(error);
      if (serviceError) throw new ServiceRequestError(subject, serviceError);
      throw error;
    }
    const parsed = replySchema.safeParse(reply);
    if (!parsed.success) {
      throw new Error(`${subject}: the reply does not match its contract: ${parsed.error.message}`);
    }
    return parsed.data;
  }
}

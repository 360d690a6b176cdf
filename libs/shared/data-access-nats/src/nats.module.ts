import { type DynamicModule, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ClientsModule, type CustomStrategy, Transport } from '@nestjs/microservices';
import { connect, type JetStreamClient, type JetStreamManager, type NatsConnection } from 'nats';

import { JetStreamAdmin } from './jetstream-admin';
import { NatsNames } from './nats-names';
import { TracingNatsRecordSerializer, TracingServerNats } from './trace-context';

export const NATS_CONNECTION = Symbol('NATS_CONNECTION');
export const JETSTREAM = Symbol('JETSTREAM');
export const JETSTREAM_MANAGER = Symbol('JETSTREAM_MANAGER');

export const InjectNats = (): ParameterDecorator => Inject(NATS_CONNECTION);
export const InjectJetStream = (): ParameterDecorator => Inject(JETSTREAM);

/**
 * Options of the connections services request and publish on. `noAsyncTraces`: nats.js otherwise
 * builds an `Error` on every request (every JetStream publish and acknowledged ack) only to append
 * the caller's stack to it if the request later fails; it was the top JavaScript frame of the wallet's
 * relay. A failed request still rejects with the same `NatsError` and code (TIMEOUT, 503 no
 * responders), its stack just ends in the client instead of the caller.
 */
export const NATS_HOT_PATH_OPTIONS = { noAsyncTraces: true } as const;

export interface NatsModuleOptions {
  url: string;
  /** Shown by the server in its connection list: the service's name. */
  name: string;
  /** Prefix of stream names and subjects (see NatsNames). */
  streamPrefix: string;
}

/** Answers readiness: the connection is open and JetStream answers an account-info request. */
@Injectable()
export class NatsHealthIndicator {
  readonly name = 'nats';

  constructor(
    @InjectNats() private readonly connection: NatsConnection,
    @Inject(JETSTREAM_MANAGER) private readonly jsm: JetStreamManager,
  ) {}

  async check(): Promise<void> {
    if (this.connection.isClosed()) throw new Error('NATS connection is closed');
    await this.jsm.getAccountInfo();
  }
}

@Injectable()
class NatsLifecycle implements OnApplicationShutdown {
  constructor(@InjectNats() private readonly connection: NatsConnection) {}

  async onApplicationShutdown(): Promise<void> {
    // Drain: finish what subscriptions are handling and flush what is published, then close.
    if (!this.connection.isClosed()) await this.connection.drain().catch(() => this.connection.close());
  }
}

@Module({})
export class NatsModule {
  static forRoot(options: NatsModuleOptions): DynamicModule {
    return {
      module: NatsModule,
      global: true,
      providers: [
        { provide: NatsNames, useValue: new NatsNames(options.streamPrefix) },
        {
          provide: NATS_CONNECTION,
          useFactory: () =>
            connect({
              servers: options.url,
              name: options.name,
              maxReconnectAttempts: -1,
              ...NATS_HOT_PATH_OPTIONS,
            }),
        },
        {
          provide: JETSTREAM,
          useFactory: (nc: NatsConnection): JetStreamClient => nc.jetstream(),
          inject: [NATS_CONNECTION],
        },
        {
          provide: JETSTREAM_MANAGER,
          useFactory: (nc: NatsConnection): Promise<JetStreamManager> => nc.jetstreamManager(),
          inject: [NATS_CONNECTION],
        },
        {
          provide: JetStreamAdmin,
          useFactory: (jsm: JetStreamManager, names: NatsNames) => new JetStreamAdmin(jsm, names),
          inject: [JETSTREAM_MANAGER, NatsNames],
        },
        NatsHealthIndicator,
        NatsLifecycle,
      ],
      exports: [
        NATS_CONNECTION,
        JETSTREAM,
        JETSTREAM_MANAGER,
        JetStreamAdmin,
        NatsNames,
        NatsHealthIndicator,
      ],
    };
  }
}

/**
 * Options for `app.connectMicroservice`: `@MessagePattern` handlers over core NATS in a queue group, each
 * handled in a span that continues the trace context of the message's headers.
 */
export function natsMicroserviceOptions(url: string, queue: string): CustomStrategy {
  return { strategy: new TracingServerNats({ servers: [url], queue }) };
}

/** A `ClientProxy` under `token` for request/reply to other services; each request carries the caller's trace context. */
export function natsClientModule(token: string | symbol, url: string): DynamicModule {
  return ClientsModule.register([
    {
      name: token,
      transport: Transport.NATS,
      options: { servers: [url], serializer: new TracingNatsRecordSerializer(), ...NATS_HOT_PATH_OPTIONS },
    },
  ]);
}

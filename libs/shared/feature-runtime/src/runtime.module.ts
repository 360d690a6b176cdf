import {
  Controller,
  type DynamicModule,
  Get,
  Header,
  HttpCode,
  HttpStatus,
  Inject,
  Injectable,
  type MiddlewareConsumer,
  Module,
  type NestMiddleware,
  type NestModule,
  RequestMethod,
  Res,
  type Type,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { MessagePattern } from '@nestjs/microservices';
import { type Histogram, type Registry } from 'prom-client';

import { RequestLoggingMiddleware } from '@exchange/shared-util-logging';

import { checkHealth, type HealthIndicator } from './health-indicator';
import { ClientMetrics } from './client-metrics';
import { createMetricsRegistry } from './metrics';
import { METRICS_REGISTRY } from './metrics-token';
import { ServiceState } from './service-state';
import { traceHttpRequest } from './tracing';

export { METRICS_REGISTRY };
const HTTP_DURATION = Symbol('HTTP_DURATION');

export interface RuntimeModuleOptions {
  service: string;
  version: string;
  /** Provider classes (exported by the adapter modules) whose checks make up readiness. */
  healthIndicators: Type<HealthIndicator>[];
  /** Subjects of the service's status query over NATS request/reply; none when the service has no NATS. */
  statusSubjects?: readonly string[];
}

interface HttpResponse {
  status(code: number): HttpResponse;
  json(body: unknown): void;
}

const HEALTH_INDICATOR_TYPES = Symbol('HEALTH_INDICATOR_TYPES');

/** The indicators named in the options, found wherever the app provides them (adapter modules or the app's own). */
@Injectable()
class HealthIndicators {
  private resolved?: HealthIndicator[];

  constructor(
    @Inject(HEALTH_INDICATOR_TYPES) private readonly types: Type<HealthIndicator>[],
    private readonly moduleRef: ModuleRef,
  ) {}

  all(): HealthIndicator[] {
    this.resolved ??= this.types.map((type) => this.moduleRef.get(type, { strict: false }));
    return this.resolved;
  }
}

@Controller('health')
class HealthController {
  constructor(
    private readonly indicators: HealthIndicators,
    private readonly state: ServiceState,
  ) {}

  /** The process runs and its event loop turns. */
  @Get('live')
  @HttpCode(HttpStatus.OK)
  live() {
    return { status: 'ok' };
  }

  /** Every dependency answers, and the service is not shutting down. */
  @Get('ready')
  async ready(@Res() res: HttpResponse): Promise<void> {
    const report = await checkHealth(this.indicators.all());
    const ready = report.status === 'ok' && !this.state.shuttingDown;
    res.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json({
      ...report,
      status: ready ? 'ok' : 'unavailable',
      ...(this.state.shuttingDown ? { shuttingDown: true } : {}),
    });
  }
}

@Controller('metrics')
class MetricsController {
  constructor(@Inject(METRICS_REGISTRY) private readonly registry: Registry) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async metrics(@Res() res: { type(t: string): { send(b: string): void } }): Promise<void> {
    res.type(this.registry.contentType).send(await this.registry.metrics());
  }
}

interface RoutedRequest {
  method: string;
  baseUrl?: string;
  route?: { path?: string };
}

/** Times every HTTP request by its route template (never the raw URL, which would explode label sets). */
@Injectable()
class HttpMetricsMiddleware implements NestMiddleware {
  constructor(
    @Inject(HTTP_DURATION) private readonly histogram: Histogram<'method' | 'route' | 'status_code'>,
  ) {}

  use(
    req: RoutedRequest,
    res: { statusCode: number; once(e: 'finish', l: () => void): void },
    next: () => void,
  ): void {
    const end = this.histogram.startTimer();
    res.once('finish', () => {
      const route = req.route?.path ? `${req.baseUrl ?? ''}${req.route.path}` : 'unmatched';
      end({ method: req.method, route, status_code: String(res.statusCode) });
    });
    next();
  }
}

/** The server span of each HTTP request (see `traceHttpRequest`); it runs first, so the request's logs carry it. */
@Injectable()
class HttpTracingMiddleware implements NestMiddleware {
  use(
    req: Parameters<typeof traceHttpRequest>[0],
    res: Parameters<typeof traceHttpRequest>[1],
    next: () => void,
  ): void {
    traceHttpRequest(req, res, next);
  }
}

function statusController(subjects: readonly string[], service: string, version: string): Type {
  @Controller()
  class StatusController {
    constructor(
      private readonly indicators: HealthIndicators,
      private readonly state: ServiceState,
    ) {}

    @MessagePattern([...subjects])
    async status() {
      const report = await checkHealth(this.indicators.all());
      return {
        service,
        version,
        ready: report.status === 'ok' && !this.state.shuttingDown,
        checks: Object.fromEntries(
          Object.entries(report.checks).map(([name, check]) => [name, check.status]),
        ),
        uptimeSeconds: process.uptime(),
      };
    }
  }
  return StatusController;
}

/** Health, readiness, metrics and request logging for a service; import it once in the app module. */
@Module({})
export class RuntimeModule implements NestModule {
  static forRoot(options: RuntimeModuleOptions): DynamicModule {
    const { registry, httpDuration } = createMetricsRegistry(options.service);
    return {
      module: RuntimeModule,
      global: true,
      controllers: [
        HealthController,
        MetricsController,
        ...(options.statusSubjects?.length
          ? [statusController(options.statusSubjects, options.service, options.version)]
          : []),
      ],
      providers: [
        ServiceState,
        { provide: METRICS_REGISTRY, useValue: registry },
        { provide: HTTP_DURATION, useValue: httpDuration },
        { provide: HEALTH_INDICATOR_TYPES, useValue: options.healthIndicators },
        HealthIndicators,
        HttpMetricsMiddleware,
        HttpTracingMiddleware,
        ClientMetrics,
      ],
      exports: [ServiceState, METRICS_REGISTRY],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(HttpTracingMiddleware, RequestLoggingMiddleware, HttpMetricsMiddleware)
      .forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}

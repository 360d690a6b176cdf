import { startServiceProcess } from './service-process';

export interface ServiceLifecycleOptions {
  service: string;
  /** The service's `main.ts`, relative to the workspace root. */
  entry: string;
  /** The environment of a healthy start; called when the tests run, after the caller's own `beforeAll`. */
  env: () => Record<string, string>;
  /** Names of the dependencies `/health/ready` must report up. */
  readyChecks: string[];
  /** A variable to break, to see the service refuse to start and name it. */
  badVariable: { name: string; value: string };
}

const SHUTDOWN_LIMIT_MS = 10_000;
/** Generous: a cold start compiles the service on load, and CI runs on two busy cores. */
const TEST_TIMEOUT_MS = 90_000;

/**
 * The contract every service keeps: it boots against its real dependencies, answers health, readiness
 * and metrics, exits 0 within 10 s of SIGTERM, and refuses bad configuration naming the variable.
 */
export function describeServiceLifecycle(options: ServiceLifecycleOptions): void {
  describe(`${options.service} service lifecycle`, () => {
    it(
      'boots, answers health, readiness and metrics, and exits cleanly on SIGTERM',
      async () => {
        const sut = startServiceProcess(options.entry, {
          ...options.env(),
          HTTP_PORT: '0',
          LOG_LEVEL: 'info',
        });
        try {
          const listening = await sut.waitForLog((line) => line.msg === 'listening');
          const base = `http://127.0.0.1:${listening.port as number}`;

          const live = await fetch(`${base}/health/live`);
          expect(live.status).toBe(200);

          const ready = await fetch(`${base}/health/ready`);
          const report = (await ready.json()) as {
            status: string;
            checks: Record<string, { status: string }>;
          };
          expect({ status: ready.status, report }).toMatchObject({ status: 200, report: { status: 'ok' } });
          expect(Object.keys(report.checks).sort()).toEqual([...options.readyChecks].sort());

          const metrics = await (await fetch(`${base}/metrics`)).text();
          expect(metrics).toContain('process_resident_memory_bytes');
          expect(metrics).toMatch(/http_request_duration_seconds_count\{[^}]*route="\/health\/ready"/);
          expect(sut.logs.find((line) => line.msg === 'request completed')).toMatchObject({
            service: options.service,
            level: 'info',
          });
        } finally {
          const exit = await sut.stop('SIGTERM');
          expect({ code: exit.code, signal: exit.signal, stderr: sut.stderr() }).toEqual({
            code: 0,
            signal: null,
            stderr: '',
          });
          expect(exit.elapsedMs).toBeLessThan(SHUTDOWN_LIMIT_MS);
          expect(sut.logs.map((line) => line.msg)).toEqual(
            expect.arrayContaining(['shutting down', 'stopped']),
          );
        }
      },
      TEST_TIMEOUT_MS,
    );

    it(
      `refuses to start with a bad ${options.badVariable.name}, naming it`,
      async () => {
        const { name, value } = options.badVariable;
        const sut = startServiceProcess(options.entry, { ...options.env(), [name]: value });
        const exit = await sut.exited;
        expect(exit.code).toBe(1);
        expect(sut.stderr()).toContain(`${options.service}: invalid configuration: ${name}:`);
        expect(sut.logs[0]).toMatchObject({
          level: 'fatal',
          problems: [expect.objectContaining({ variable: name })],
        });
      },
      TEST_TIMEOUT_MS,
    );
  });
}

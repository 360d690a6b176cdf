/** A dependency whose readiness `/health/ready` reports; each adapter module exports one. */
export interface HealthIndicator {
  readonly name: string;
  /** Resolves when the dependency is usable; rejects with the reason otherwise. */
  check(): Promise<void>;
}

export interface HealthReport {
  status: 'ok' | 'unavailable';
  checks: Record<string, { status: 'up' | 'down'; error?: string }>;
}

const CHECK_TIMEOUT_MS = 2_000;

function withTimeout(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Runs every check at once; the service is ready only when all are up. */
export async function checkHealth(
  indicators: readonly HealthIndicator[],
  timeoutMs = CHECK_TIMEOUT_MS,
): Promise<HealthReport> {
  const results = await Promise.all(
    indicators.map(async (indicator) => {
      try {
        await withTimeout(indicator.check(), timeoutMs);
        return [indicator.name, { status: 'up' as const }] as const;
      } catch (error) {
        return [indicator.name, { status: 'down' as const, error: (error as Error).message }] as const;
      }
    }),
  );
  const checks = Object.fromEntries(results);
  const ready = results.every(([, result]) => result.status === 'up');
  return { status: ready ? 'ok' : 'unavailable', checks };
}

/** The value at fraction `p` (0..1) of an ascending list (the nearest rank below; the last for p = 1). */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

export interface CallRate {
  /** Calls per second over the whole run. */
  perSecond: number;
  /** Per-call latency in ms. */
  p50: number;
  p99: number;
}

/** A benchmark's timing loop: `count` calls with at most `concurrency` in flight; the rate and per-call latencies. */
export async function measureCalls(
  count: number,
  concurrency: number,
  call: (i: number) => Promise<unknown>,
): Promise<CallRate> {
  const latencies: number[] = [];
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        const i = next++;
        const t0 = process.hrtime.bigint();
        await call(i);
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  return { perSecond: count / seconds, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) };
}

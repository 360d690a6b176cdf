/** Where a command writes, and the environment it reads: the process's in `main.ts`, buffers in specs. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  env: Record<string, string | undefined>;
}

/** Exit codes: 0 all good, 1 a check failed (not ready, missing, unreachable), 2 bad usage. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** A usage mistake: printed with the usage text, exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The exchange could not be reached or answered something unusable: printed as is, exit 1. */
export class OperationError extends Error {
  override name = 'OperationError';
}

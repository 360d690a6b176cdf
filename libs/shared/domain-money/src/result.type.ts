/** A successful domain result. */
export interface Ok<T> {
  readonly ok: true;
  readonly value: T;
}

/** A typed rejection: a stable numeric `code` and a human-readable `message`. */
export interface Err<C> {
  readonly ok: false;
  readonly code: C;
  readonly message: string;
}

/** Domain functions return this instead of throwing for anything the caller's input can cause. */
export type Result<T, C> = Ok<T> | Err<C>;

export function ok<T>(value: T): Ok<T> {
  return { ok: true, value };
}

export function err<C>(code: C, message: string): Err<C> {
  return { ok: false, code, message };
}

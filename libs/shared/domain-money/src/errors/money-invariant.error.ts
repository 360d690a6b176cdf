/**
 * Thrown only when a caller breaks a documented precondition of an arithmetic helper
 * (for example a negative amount given to `feeFor`): that is a bug, not a user error.
 * Anything user input can cause is a typed `Err` instead.
 */
export class MoneyInvariantError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MoneyInvariantError';
  }
}

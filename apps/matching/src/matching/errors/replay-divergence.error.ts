/** Re-applying stored commands did not reproduce what the event stream holds. */
export class ReplayDivergenceError extends Error {
  override readonly name = 'ReplayDivergenceError';

  constructor(
    readonly market: string,
    detail: string,
  ) {
    super(`${market}: replay does not match the stored events: ${detail}`);
  }
}

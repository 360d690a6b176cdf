/** The infrastructure cannot be made ready; `message` says what is missing and how to get it. */
export class InfrastructureError extends Error {
  override name = 'InfrastructureError';

  constructor(
    message: string,
    readonly problems: readonly string[] = [message],
  ) {
    super(message);
  }
}

/** The environment or the flags hold values this tool cannot use; `problems` names each bad variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';

  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
  }
}

/** A command this tool ran exited non-zero. */
export class CommandFailedError extends Error {
  override name = 'CommandFailedError';

  constructor(
    readonly command: string,
    readonly code: number | null,
    readonly output: string,
  ) {
    super(`\`${command}\` exited with ${code ?? 'a signal'}${output ? `:\n${output}` : ''}`);
  }
}

export interface ConfigProblem {
  variable: string;
  problem: string;
}

export class ConfigValidationError extends Error {
  override readonly name = 'ConfigValidationError';

  constructor(readonly problems: readonly ConfigProblem[]) {
    super(
      `invalid configuration: ${problems.map(({ variable, problem }) => `${variable}: ${problem}`).join('; ')}`,
    );
  }
}

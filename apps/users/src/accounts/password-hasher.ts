import * as argon2 from 'argon2';

export interface Argon2Policy {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

/** The parameters an encoded hash was made with (`$argon2id$v=19$m=65536,t=3,p=4$salt$hash`), or null. */
export function argon2Parameters(encoded: string): (Argon2Policy & { type: string }) | null {
  const match = /^\$(argon2(?:id|i|d))\$v=\d+\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(encoded);
  if (!match) return null;
  return {
    type: match[1]!,
    memoryCost: Number(match[2]),
    timeCost: Number(match[3]),
    parallelism: Number(match[4]),
  };
}

/**
 * Whether a stored hash is weaker than the policy: another variant than argon2id, or any cost below the
 * policy's. A hash stronger than the policy (say, after the policy was lowered for a test box) is kept.
 */
export function hashNeedsUpgrade(encoded: string, policy: Argon2Policy): boolean {
  const params = argon2Parameters(encoded);
  if (!params || params.type !== 'argon2id') return true;
  return (
    params.memoryCost < policy.memoryCost ||
    params.timeCost < policy.timeCost ||
    params.parallelism < policy.parallelism
  );
}

/** argon2id with the configured costs; each encoded hash carries its own parameters, so they can rise later. */
export class PasswordHasher {
  /** A hash of a random string, verified when the account does not exist so both answers take as long. */
  private dummy: Promise<string> | undefined;

  constructor(readonly policy: Argon2Policy) {}

  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id, ...this.policy });
  }

  async verify(encoded: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(encoded, password);
    } catch {
      return false;
    }
  }

  /** Spends the time of one verification, for unknown accounts. */
  async verifyNothing(password: string): Promise<false> {
    this.dummy ??= this.hash(`no-such-account-${Math.random()}`);
    await this.verify(await this.dummy, password);
    return false;
  }

  needsUpgrade(encoded: string): boolean {
    return hashNeedsUpgrade(encoded, this.policy);
  }
}

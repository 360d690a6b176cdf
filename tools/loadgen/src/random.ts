import { seededRandom } from '@exchange/shared-util-random';

/**
 * A seeded pseudo-random generator (mulberry32): the same seed gives the same bots' decisions, so a load
 * test or a failing demo can be replayed. Only decisions come from it (sides, sizes, walk steps, pauses);
 * amounts stay integer ticks and lots.
 */
export class SeededRandom {
  /** Uniform in [0, 1). */
  readonly next: () => number;

  constructor(seed: number) {
    if (!Number.isInteger(seed)) throw new Error(`seed must be an integer (got ${seed})`);
    this.next = seededRandom(seed);
  }

  /** A whole number in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  bigint(min: bigint, max: bigint): bigint {
    // Every range a bot draws from (walk steps, size multipliers) is far below 2^53.
    return min + BigInt(Math.floor(this.next() * Number(max - min + 1n)));
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(0, items.length - 1)]!;
  }

  /** An exponential wait with mean `1 / ratePerSecond` seconds, in ms: arrivals of a Poisson process. */
  exponentialMs(ratePerSecond: number): number {
    return (-Math.log(1 - this.next()) / ratePerSecond) * 1000;
  }

  /** A new generator derived from this one, so each bot gets its own stream from one seed. */
  fork(): SeededRandom {
    return new SeededRandom(Math.floor(this.next() * 4294967296));
  }
}

import { type SeededRandom } from './random';

/**
 * A seeded random walk in whole ticks: each step moves the price by up to `volatilityBps` of itself, up or
 * down with equal chance, never below one tick. The same seed walks the same path.
 */
export class RandomWalk {
  constructor(
    private ticks: bigint,
    private readonly volatilityBps: number,
    private readonly random: SeededRandom,
  ) {
    if (ticks <= 0n) throw new Error('a walk starts at one tick or more');
  }

  get current(): bigint {
    return this.ticks;
  }

  step(): bigint {
    const reach = (this.ticks * BigInt(Math.round(this.volatilityBps * 100))) / 1_000_000n;
    const move = this.random.bigint(-(reach > 1n ? reach : 1n), reach > 1n ? reach : 1n);
    const next = this.ticks + move;
    this.ticks = next > 0n ? next : 1n;
    return this.ticks;
  }

  /** Follows an outside price (the last trade) and walks on from there. */
  moveTo(ticks: bigint): void {
    if (ticks > 0n) this.ticks = ticks;
  }
}

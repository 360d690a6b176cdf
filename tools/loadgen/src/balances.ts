import { type DecimalParts, parseDecimalParts, pow10 } from '@exchange/shared-domain-money';

import { type BalanceLine } from './binance-client';

/** A signed amount as an integer at a fixed decimal scale. */
export interface ScaledAmount {
  units: bigint;
  scale: number;
}

function parse(text: string, what: string): DecimalParts {
  const parsed = parseDecimalParts(text);
  if (!parsed.ok) throw new Error(`${what}: ${parsed.message}`);
  return parsed.value;
}

function rescale(value: ScaledAmount, scale: number): bigint {
  return value.scale <= scale
    ? value.units * pow10(scale - value.scale)
    : value.units / pow10(value.scale - scale);
}

/** free + locked of `asset` in an account reply; zero when the asset is not listed. */
export function totalOf(balances: readonly BalanceLine[], asset: string): ScaledAmount {
  const line = balances.find((b) => b.asset === asset);
  if (!line) return { units: 0n, scale: 0 };
  const free = parse(line.free, `${asset} free`);
  const locked = parse(line.locked, `${asset} locked`);
  const scale = Math.max(free.scale, locked.scale);
  return {
    units: free.digits * pow10(scale - free.scale) + locked.digits * pow10(scale - locked.scale),
    scale,
  };
}

/** `now − start` as a whole number of `unit`s (truncated toward zero): the maker's position in lots. */
export function differenceInUnits(now: ScaledAmount, start: ScaledAmount, unit: DecimalParts): bigint {
  const scale = Math.max(now.scale, start.scale, unit.scale);
  const delta = rescale(now, scale) - rescale(start, scale);
  return delta / (unit.digits * pow10(scale - unit.scale));
}

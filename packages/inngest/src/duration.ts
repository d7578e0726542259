import { ConfigurationError } from '@lifeline/core';

const UNITS: ReadonlyArray<readonly [string, number]> = [
  ['d', 86_400],
  ['h', 3_600],
  ['m', 60],
];

/**
 * An Inngest duration string for `ms` milliseconds. Inngest counts in whole seconds, so the value is
 * rounded **up** to the next second (a throttle period or timeout is never shorter than asked), then
 * written in the largest unit that divides it exactly: `60_000` → `'1m'`, `90_000` → `'90s'`.
 *
 * @throws ConfigurationError for a value that is not a finite number > 0.
 */
export function toInngestDuration(ms: number, what: string): `${number}${'d' | 'h' | 'm' | 's'}` {
  if (!Number.isFinite(ms) || ms <= 0)
    throw new ConfigurationError(`${what} must be a finite number of milliseconds > 0, got ${String(ms)}`);
  const seconds = Math.ceil(ms / 1000);
  for (const [unit, size] of UNITS) {
    if (seconds % size === 0) return `${seconds / size}${unit}` as `${number}d`;
  }
  return `${seconds}s`;
}

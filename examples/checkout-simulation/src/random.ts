import { seededRandom } from '@lifeline/core';

export { seededRandom };

/**
 * A number in [0, 1) fixed by `seed` and `parts` alone (FNV-1a, then one mulberry32 step). Faults are
 * rolled this way, per piece of work and attempt, so a run's faults do not depend on the order in which
 * concurrent work happens to reach the stand-ins: the same seed fails the same sends every time.
 */
export function rollFor(seed: number, ...parts: readonly (string | number)[]): number {
  let hash = 0x811c9dc5 ^ seed;
  for (const char of parts.join('\u0000')) {
    hash ^= char.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193);
  }
  return seededRandom(hash)();
}

/** A whole number in [min, max] picked by `roll` (a number in [0, 1)). */
export function between(roll: number, min: number, max: number): number {
  return Math.floor(min + roll * (max - min + 1));
}

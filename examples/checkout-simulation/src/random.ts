import { seededRandom } from '@lifeline/core';

export { seededRandom };

/**
 * `pur_r3_000071` → `pur_000071`, `evt_r3_000071_paid` → `evt_000071_paid`: an id as its place in the
 * run, without the run's number. Ids carry the run so that runs over one data directory never collide;
 * rolls leave it out so that run 3 with seed 42 meets the same faults as run 1 with seed 42.
 */
export const withoutRun = (text: string): string => text.replace(/r\d+_(?=\d{6})/g, '');

/**
 * A number in [0, 1) fixed by `seed` and `parts` alone (FNV-1a, then one mulberry32 step). Faults are
 * rolled this way, per piece of work and attempt, so a run's faults do not depend on the order in which
 * concurrent work happens to reach the stand-ins, nor on which run of the data directory it is: the same
 * seed fails the same sends every time.
 */
export function rollFor(seed: number, ...parts: readonly (string | number)[]): number {
  let hash = 0x811c9dc5 ^ seed;
  for (const char of withoutRun(parts.join('\u0000'))) {
    hash ^= char.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193);
  }
  return seededRandom(hash)();
}

/** A whole number in [min, max] picked by `roll` (a number in [0, 1)). */
export function between(roll: number, min: number, max: number): number {
  return Math.floor(min + roll * (max - min + 1));
}

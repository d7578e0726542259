/** A small seeded PRNG (mulberry32): the same seed gives the same sequence on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

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

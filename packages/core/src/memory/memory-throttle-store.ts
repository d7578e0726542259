import type { ThrottleStore } from '../contracts/throttle-store';
import { incrementalSweep } from './incremental-sweep';

interface KeyState {
  /** Start times of the slots whose period has not ended, oldest first. */
  starts: number[];
  /** When the newest slot's period ends: after that the key holds no state worth keeping. */
  idleAt: number;
}

/**
 * An in-memory {@link ThrottleStore} for one process (and for tests).
 *
 * Each key keeps the start times of its last `limit` slots; a new slot starts at the earliest time
 * that is not before `now`, not before the previous slot, and at least `periodMs` after the slot
 * `limit` places back. So `limit` reservations at one instant all start at once, the next one starts
 * a full period after the first, and no window of `periodMs` ever holds more than `limit` starts.
 * Keys idle for a whole period are forgotten.
 *
 * @example
 * ```ts
 * const throttle = createThrottle({ store: memoryThrottleStore(), clock: virtualClock() });
 * ```
 */
export function memoryThrottleStore(): ThrottleStore {
  const keys = new Map<string, KeyState>();
  const sweep = incrementalSweep(keys, (state: KeyState, now) => state.idleAt <= now);

  return {
    async reserve(key, limit, periodMs, now) {
      sweep(now);
      let state = keys.get(key);
      if (!state || state.idleAt <= now) {
        state = { starts: [], idleAt: 0 };
        keys.set(key, state);
      }
      const { starts } = state;
      let start = Math.max(now, starts.at(-1) ?? now);
      if (starts.length >= limit) start = Math.max(start, starts[starts.length - limit]! + periodMs);
      starts.push(start);
      // Slots whose period ended by this start can never hold a later one back.
      let stale = 0;
      while (starts[stale]! + periodMs <= start) stale++;
      if (stale > 0) starts.splice(0, stale);
      state.idleAt = start + periodMs;
      return start - now;
    },
  };
}

import type { Clock } from './clock';
import { sleepOn } from './sleep-on';

/**
 * The real clock: `Date.now()` and `setTimeout`. Timers are `unref`'d so a pending retry never
 * keeps a process alive on its own; the in-process queue's `drain()` is what waits for work.
 */
export function systemClock(): Clock {
  const clock: Clock = {
    now: () => Date.now(),
    setTimer(callback, ms) {
      const handle = setTimeout(callback, Math.max(0, ms));
      handle.unref?.();
      return () => clearTimeout(handle);
    },
    sleep: (ms, signal) => sleepOn(clock, ms, signal),
  };
  return clock;
}

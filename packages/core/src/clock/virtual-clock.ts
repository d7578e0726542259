import type { Clock } from './clock';
import { sleepOn } from './sleep-on';

/** A clock whose time moves only when a test moves it. */
export interface VirtualClock extends Clock {
  /** Timers scheduled and not yet fired or cancelled. */
  pendingTimers(): number;
  /**
   * Moves time forward by `ms`, firing every timer due on the way in time order, and lets
   * promise callbacks run between timers, so `sleep` chains resolve as they would in real time.
   */
  advance(ms: number): Promise<void>;
  /** Moves time to the next pending timer and fires it (and any due at the same instant). */
  next(): Promise<boolean>;
  /**
   * Fires timers until none are pending (work that schedules new timers keeps it going),
   * jumping time forward to each. Throws after `maxTimers` to catch endless timer loops.
   */
  runAll(options?: { maxTimers?: number }): Promise<number>;
  /**
   * Runs `promise` to completion, advancing time whenever everything else is idle waiting on a
   * timer. The usual way to await work that sleeps on this clock.
   */
  run<T>(promise: Promise<T>, options?: { maxTimers?: number }): Promise<T>;
}

interface Timer {
  id: number;
  at: number;
  callback: () => void;
}

/** Lets pending promise callbacks and I/O callbacks run. */
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A deterministic clock for tests: `now()` starts at `start` (default 2026-01-01T00:00:00Z) and
 * moves only through `advance`, `next`, `runAll` or `run`. Timers fire in (time, creation) order.
 *
 * @example
 * ```ts
 * const clock = virtualClock();
 * let calls = 0;
 * const flaky = async () => {
 *   if (++calls < 3) throw Object.assign(new Error('Service unavailable'), { status: 503 });
 *   return 'ok';
 * };
 * const done = retry(flaky, { attempts: 3, clock });
 * await clock.run(done); // backoff delays pass instantly
 * ```
 */
export function virtualClock(options: { start?: number | Date } = {}): VirtualClock {
  let now = options.start === undefined ? Date.UTC(2026, 0, 1) : new Date(options.start).getTime();
  let sequence = 0;
  const timers: Timer[] = [];

  const due = () =>
    timers.reduce<Timer | undefined>(
      (a, b) => (!a || b.at < a.at || (b.at === a.at && b.id < a.id) ? b : a),
      undefined,
    );

  async function fireNext(limit: number): Promise<boolean> {
    await flush();
    const timer = due();
    if (!timer || timer.at > limit) return false;
    timers.splice(timers.indexOf(timer), 1);
    now = Math.max(now, timer.at);
    timer.callback();
    await flush();
    return true;
  }

  const clock: VirtualClock = {
    now: () => now,
    setTimer(callback, ms) {
      const timer = { id: ++sequence, at: now + Math.max(0, ms), callback };
      timers.push(timer);
      return () => {
        const index = timers.indexOf(timer);
        if (index >= 0) timers.splice(index, 1);
      };
    },
    sleep: (ms, signal) => sleepOn(clock, ms, signal),
    pendingTimers: () => timers.length,
    async advance(ms) {
      const target = now + ms;
      while (await fireNext(target)) {
        /* fire every due timer */
      }
      now = Math.max(now, target);
      await flush();
    },
    next: () => fireNext(Number.POSITIVE_INFINITY),
    async runAll({ maxTimers = 100_000 } = {}) {
      let fired = 0;
      while (await fireNext(Number.POSITIVE_INFINITY)) {
        if (++fired > maxTimers)
          throw new Error(
            `virtualClock.runAll: more than ${maxTimers} timers fired; is a timer loop endless?`,
          );
      }
      return fired;
    },
    async run(promise, { maxTimers = 100_000 } = {}) {
      let settled = false;
      const tracked = promise.finally(() => {
        settled = true;
      });
      tracked.catch(() => {});
      let fired = 0;
      await flush();
      while (!settled) {
        if (!(await fireNext(Number.POSITIVE_INFINITY))) {
          await flush();
          if (settled) break;
          if (timers.length === 0) {
            // Nothing scheduled on this clock: the promise waits on real I/O; let it run.
            await new Promise((resolve) => setTimeout(resolve, 1));
          }
          continue;
        }
        if (++fired > maxTimers)
          throw new Error(`virtualClock.run: more than ${maxTimers} timers fired before the promise settled`);
      }
      return tracked;
    },
  };
  return clock;
}

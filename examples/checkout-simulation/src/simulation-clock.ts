import { type Clock, virtualClock } from '@lifeline/core';
import { sleepOn } from '@lifeline/core/adapter';
import type { Activity } from './activity';

/** The clock a run uses, and the loop that moves it. */
export interface SimulationClock {
  readonly clock: Clock;
  /** True for the virtual clock. */
  readonly virtual: boolean;
  /**
   * Lets the simulation run until `isDone` resolves true. On the virtual clock it fires the next timer
   * whenever nothing is in flight (no database call, no webhook request), so hours of retries pass in
   * seconds without a call ever seeing time jump under it; on the system clock it just waits.
   * `onIdle` runs between steps (progress, saving the clock), at most every `idleEveryMs` of real time.
   * While `hasWaitingWork` says work is due but not picked up yet (a committed job its worker will claim
   * on a notification), the virtual clock does not move.
   */
  runUntil(
    isDone: () => boolean | Promise<boolean>,
    onIdle?: () => void | Promise<void>,
    hasWaitingWork?: () => Promise<boolean>,
    idleEveryMs?: number,
  ): Promise<void>;
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The system clock, moved forward by `offsetMs`: a real-time run (or the dashboard) that follows runs
 * made on the virtual clock keeps time going forward instead of back.
 */
export function offsetSystemClock(offsetMs: number): Clock {
  const clock: Clock = {
    now: () => Date.now() + offsetMs,
    setTimer(callback, ms) {
      const handle = setTimeout(callback, Math.max(0, ms));
      handle.unref?.();
      return () => clearTimeout(handle);
    },
    sleep: (ms, signal) => sleepOn(clock, ms, signal),
  };
  return clock;
}

/** A virtual clock starting at `start`, or (with `realTime`) the system clock, never behind `start`. */
export function simulationClock(options: {
  realTime: boolean;
  start: number;
  activity: Activity;
}): SimulationClock {
  if (options.realTime) {
    const clock = offsetSystemClock(Math.max(0, options.start - Date.now()));
    return {
      clock,
      virtual: false,
      async runUntil(isDone, onIdle) {
        while (!(await isDone())) {
          await onIdle?.();
          await realSleep(50);
        }
      },
    };
  }
  const clock = virtualClock({ start: options.start });
  return {
    clock,
    virtual: true,
    async runUntil(isDone, onIdle, hasWaitingWork, idleEveryMs = 100) {
      let lastIdle = 0;
      for (;;) {
        await turn();
        if (options.activity.inFlight() > 0) continue;
        await turn();
        if (options.activity.inFlight() > 0) continue;
        if (onIdle && Date.now() - lastIdle >= idleEveryMs) {
          lastIdle = Date.now();
          await onIdle();
        }
        if (await isDone()) return;
        if (hasWaitingWork && (await hasWaitingWork())) {
          await realSleep(1);
          continue;
        }
        // Nothing on the clock but not done: something waits on real I/O (an alert to Slack).
        if (!(await clock.next())) await realSleep(1);
      }
    },
  };
}

import type { Clock } from '@lifeline/core';

/** Runs the outside world's actions (customers, Stripe, providers) on the simulation's clock. */
export interface WorldScheduler {
  /** Runs `action` at epoch ms `at` (now, if `at` has passed). */
  at(at: number, action: () => Promise<void> | void): void;
  /** Actions scheduled or still running: the world is done when this is 0. */
  pending(): number;
  /** Actions running right now (between their start and the end of their promise). */
  running(): number;
  /** Errors thrown by actions (a bug in the simulation, never a fault it injects). */
  readonly errors: unknown[];
  /** Cancels everything scheduled (for a shutdown). */
  cancelAll(): void;
}

/** A {@link WorldScheduler} on `clock`. */
export function worldScheduler(clock: Clock): WorldScheduler {
  const timers = new Set<() => void>();
  let scheduled = 0;
  let running = 0;
  const errors: unknown[] = [];
  return {
    errors,
    at(at, action) {
      scheduled++;
      const cancel = clock.setTimer(
        async () => {
          timers.delete(cancel);
          running++;
          try {
            await action();
          } catch (error) {
            errors.push(error);
          } finally {
            running--;
            scheduled--;
          }
        },
        Math.max(0, at - clock.now()),
      );
      timers.add(cancel);
    },
    pending: () => scheduled,
    running: () => running,
    cancelAll() {
      for (const cancel of timers) cancel();
      scheduled -= timers.size;
      timers.clear();
    },
  };
}

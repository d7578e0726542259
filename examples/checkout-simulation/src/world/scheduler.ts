import type { Clock } from '@lifeline/core';

/** Runs the outside world's actions (customers, Stripe, providers) on the simulation's clock. */
export interface WorldScheduler {
  /** Runs `action` at epoch ms `at` (now, if `at` has passed). */
  at(at: number, action: () => Promise<void> | void): void;
  /** Actions scheduled or still running: the world is done when this is 0. */
  pending(): number;
  /** Errors thrown by actions (a bug in the simulation, never a fault it injects). */
  readonly errors: unknown[];
}

/** A {@link WorldScheduler} on `clock`. */
export function worldScheduler(clock: Clock): WorldScheduler {
  let scheduled = 0;
  const errors: unknown[] = [];
  return {
    errors,
    at(at, action) {
      scheduled++;
      clock.setTimer(
        async () => {
          try {
            await action();
          } catch (error) {
            errors.push(error);
          } finally {
            scheduled--;
          }
        },
        Math.max(0, at - clock.now()),
      );
    },
    pending: () => scheduled,
  };
}

/** Cancels a timer created by {@link Clock.setTimer}; calling it twice is harmless. */
export type CancelTimer = () => void;

/**
 * The source of time for everything in Lifeline that waits: retries, throttles, leases, the
 * in-process queue. Inject {@link virtualClock} in tests so waits take no wall time.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Runs `callback` once after `ms` milliseconds (0 or less: on the next tick). */
  setTimer(callback: () => void, ms: number): CancelTimer;
  /**
   * Resolves after `ms` milliseconds. Rejects with the signal's reason as soon as `signal` aborts
   * (at once if it is already aborted), and clears its timer.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

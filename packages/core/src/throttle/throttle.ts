import { z } from 'zod';
import type { Clock } from '../clock/clock';
import { systemClock } from '../clock/system-clock';
import type { ThrottleStore } from '../contracts/throttle-store';
import { ValidationError } from '../errors/validation-error';
import { memoryThrottleStore } from '../memory/memory-throttle-store';

/** At most `limit` starts per `periodMs` for one key. */
export interface ThrottleRule {
  /** Starts allowed per period: an integer ≥ 1. */
  limit: number;
  /** The period in milliseconds: > 0. */
  periodMs: number;
}

/** Per-key throttling that delays work and never drops it. */
export interface Throttle {
  /**
   * Books the next free slot for `key` under `rule` and waits (on the clock) until it starts.
   * Resolves with the milliseconds waited (0 when a slot was free). Rejects with the signal's reason if
   * `signal` aborts while waiting; the booked slot is then left unused.
   */
  acquire(key: string, rule: ThrottleRule, signal?: AbortSignal): Promise<number>;
}

const ruleSchema = z.object({
  limit: z.number().int('must be an integer').min(1, 'must be at least 1'),
  periodMs: z.number().positive('must be greater than 0').finite(),
});

/**
 * Creates a throttle over a {@link ThrottleStore} (default: in-memory, for one process).
 *
 * Guarantee: with a store that keeps its contract, at most `limit` acquisitions of one key start in
 * any window of `periodMs`; the rest wait for the next free slot, in the order they booked. Nothing
 * is ever dropped.
 *
 * @example
 * ```ts
 * const throttle = createThrottle();
 * const message = { to: 'ada@example.com', subject: 'Your receipt', text: 'Thanks!' };
 * await throttle.acquire(`email:${message.to}`, { limit: 50, periodMs: 60_000 }); // waits when over 50/min
 * await mailer.send(message, { idempotencyKey: 'receipt:p_1' });
 * ```
 */
export function createThrottle(options: { store?: ThrottleStore; clock?: Clock } = {}): Throttle {
  const store = options.store ?? memoryThrottleStore();
  const clock = options.clock ?? systemClock();
  return {
    async acquire(key, rule, signal) {
      if (typeof key !== 'string' || key.length === 0) {
        throw new ValidationError('throttle key', [
          { path: 'key', message: 'must be a non-empty string', received: key },
        ]);
      }
      const parsed = ruleSchema.safeParse(rule);
      if (!parsed.success)
        throw ValidationError.fromZod(`throttle rule for key "${key}"`, parsed.error, rule);
      signal?.throwIfAborted();
      const delay = await store.reserve(key, rule.limit, rule.periodMs, clock.now());
      if (delay > 0) await clock.sleep(delay, signal);
      return delay;
    },
  };
}

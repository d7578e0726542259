import { z } from 'zod';
import { ValidationError } from '../errors/index';
import { type BackoffOptions, backoffDelay, backoffOptionsSchema } from './backoff';
import type { ErrorClassification } from './classification';
import { classifyError } from './classify-error';

/** How often and how long to retry one piece of work. */
export interface RetryPolicy {
  /** Total attempts including the first, 1..100 (3 means: try, then retry at most twice). */
  attempts: number;
  /** Delays between attempts; see {@link BackoffOptions}. */
  backoff?: BackoffOptions;
  /**
   * Time budget in ms, counted from the start of the first attempt: an attempt is never started
   * after it (a delay that would end past the budget stops retrying). No budget by default.
   */
  budgetMs?: number;
  /** Per-attempt time limit in ms; an attempt past it fails with a retryable `TimeoutError`. None by default. */
  timeoutMs?: number;
}

/** A {@link RetryPolicy} checked and completed with defaults by {@link resolveRetryPolicy}. */
export interface ResolvedRetryPolicy {
  /** Total attempts including the first. */
  attempts: number;
  /** Backoff with every default filled in. */
  backoff: Required<BackoffOptions>;
  /** Time budget in ms from the first attempt's start, or `undefined` for none. */
  budgetMs: number | undefined;
  /** Per-attempt time limit in ms, or `undefined` for none. */
  timeoutMs: number | undefined;
}

/** zod schema of {@link RetryPolicy}; fills in the defaults (3 attempts, default backoff). Unknown keys are rejected. */
export const retryPolicySchema = z.strictObject({
  /** See {@link RetryPolicy.attempts}. */
  attempts: z
    .number()
    .int('attempts must be a whole number')
    .min(1, 'attempts counts the first try, so it must be at least 1')
    .max(100, 'attempts must be at most 100')
    .default(3),
  /** See {@link RetryPolicy.backoff}. */
  backoff: backoffOptionsSchema,
  /** See {@link RetryPolicy.budgetMs}. */
  budgetMs: z.number().min(0, 'budgetMs must be >= 0').optional(),
  /** See {@link RetryPolicy.timeoutMs}. */
  timeoutMs: z.number().positive('timeoutMs must be > 0').optional(),
});

/**
 * Checks a retry policy and fills in the defaults: 3 attempts, the default backoff, no budget,
 * no per-attempt timeout.
 *
 * @throws ValidationError naming each bad field and its value, e.g.
 *   `Invalid retry policy: attempts: attempts counts the first try, so it must be at least 1 (received 0)`.
 */
export function resolveRetryPolicy(policy: Partial<RetryPolicy> = {}): ResolvedRetryPolicy {
  const parsed = retryPolicySchema.safeParse(policy);
  if (!parsed.success) throw ValidationError.fromZod('retry policy', parsed.error, policy);
  const { attempts, backoff, budgetMs, timeoutMs } = parsed.data;
  return { attempts, backoff, budgetMs, timeoutMs };
}

/** What happens after a failed attempt: wait `delayMs` and try again, or stop and why. */
export type AttemptPlan =
  | {
      /** Try again. */
      retry: true;
      /** Wait this long first, in ms. */
      delayMs: number;
      /** Why the failure was judged retryable. */
      classification: ErrorClassification;
    }
  | {
      /** Stop: this failure is final. */
      retry: false;
      /** `permanent`: not worth retrying; `attempts_exhausted`: that was the last attempt; `budget_exhausted`: no time left. */
      reason: 'permanent' | 'attempts_exhausted' | 'budget_exhausted';
      /** How the failure was classified. */
      classification: ErrorClassification;
    };

/** Input of {@link planNextAttempt}. */
export interface PlanNextAttemptInput {
  /** What the failed attempt threw. */
  error: unknown;
  /** The attempt that just failed, 1-based. */
  attempt: number;
  /** The policy to apply; validated, with defaults filled in. */
  policy: RetryPolicy;
  /** Time since the first attempt started, in ms (for `budgetMs`). */
  elapsedMs: number;
  /** Source of numbers in [0, 1) for jitter. Default `Math.random`. */
  random?: () => number;
  /** A classification made already; by default {@link classifyError} classifies `error`. */
  classification?: ErrorClassification;
}

/**
 * Decides what happens after a failed attempt. The one place this is decided: `retry()` and the
 * operation runtime both call it.
 *
 * In order: a permanent failure stops (`permanent`); the last allowed attempt stops
 * (`attempts_exhausted`); otherwise the delay is the classification's `retryAfterMs` when the
 * sender gave one (used as told, even above `backoff.maxMs`) or else {@link backoffDelay}; and if
 * `elapsedMs + delay` would pass `budgetMs` it stops (`budget_exhausted`).
 *
 * @throws ValidationError for an invalid policy or an `attempt` that is not an integer >= 1.
 * @example
 * ```ts
 * const error = Object.assign(new Error('Bad gateway'), { status: 502 });
 * const plan = planNextAttempt({ error, attempt: 1, policy: { attempts: 3 }, elapsedMs: 0 });
 * if (plan.retry) console.log(`retry in ${plan.delayMs} ms: ${plan.classification.reason}`);
 * else console.log(`stop: ${plan.reason}`);
 * ```
 */
export function planNextAttempt(input: PlanNextAttemptInput): AttemptPlan {
  const policy = resolveRetryPolicy(input.policy);
  const { attempt } = input;
  if (!Number.isInteger(attempt) || attempt < 1) {
    throw new ValidationError('attempt number', [
      {
        path: 'attempt',
        message: 'must be an integer >= 1 (the attempt that just failed)',
        received: attempt,
      },
    ]);
  }
  const classification = input.classification ?? classifyError(input.error);
  if (!classification.retryable) return { retry: false, reason: 'permanent', classification };
  if (attempt >= policy.attempts) return { retry: false, reason: 'attempts_exhausted', classification };
  const delayMs = classification.retryAfterMs ?? backoffDelay(attempt, policy.backoff, input.random);
  if (policy.budgetMs !== undefined && Math.max(0, input.elapsedMs) + delayMs > policy.budgetMs) {
    return { retry: false, reason: 'budget_exhausted', classification };
  }
  return { retry: true, delayMs, classification };
}

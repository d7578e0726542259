import { describe, expect, it } from 'vitest';
import { isValidationError, PermanentError, RetryAfterError } from '../errors/index';
import { BACKOFF_DEFAULTS } from './backoff';
import { planNextAttempt, resolveRetryPolicy, retryPolicySchema } from './retry-policy';

const flaky = Object.assign(new Error('Service Unavailable'), { status: 503 });
const noJitter = { initialMs: 1000, maxMs: 10_000, factor: 2, jitter: 'none' } as const;

describe('resolveRetryPolicy', () => {
  it('fills in 3 attempts, default backoff, no budget, no timeout', () => {
    expect(resolveRetryPolicy()).toEqual({
      attempts: 3,
      backoff: BACKOFF_DEFAULTS,
      budgetMs: undefined,
      timeoutMs: undefined,
    });
    expect(resolveRetryPolicy({ attempts: 5, backoff: { maxMs: 10 }, budgetMs: 0, timeoutMs: 50 })).toEqual({
      attempts: 5,
      backoff: { ...BACKOFF_DEFAULTS, maxMs: 10 },
      budgetMs: 0,
      timeoutMs: 50,
    });
  });

  it.each([
    [{ attempts: 0 }, 'attempts: attempts counts the first try, so it must be at least 1 (received 0)'],
    [{ attempts: 101 }, 'attempts: attempts must be at most 100 (received 101)'],
    [{ attempts: 2.5 }, 'attempts: attempts must be a whole number (received 2.5)'],
    [{ attempts: 3, timeoutMs: 0 }, 'timeoutMs: timeoutMs must be > 0 (received 0)'],
    [{ attempts: 3, budgetMs: -5 }, 'budgetMs: budgetMs must be >= 0 (received -5)'],
    [{ attempts: 3, backoff: { factor: 0 } }, 'backoff.factor'],
    [{ attempts: 3, retries: 2 } as never, 'Unrecognized key: "retries"'],
  ])('rejects %o', (policy, message) => {
    let thrown: unknown;
    try {
      resolveRetryPolicy(policy);
    } catch (error) {
      thrown = error;
    }
    expect(isValidationError(thrown)).toBe(true);
    expect((thrown as Error).message).toContain('Invalid retry policy: ');
    expect((thrown as Error).message).toContain(message);
  });

  it('exposes the zod schema', () => {
    expect(retryPolicySchema.safeParse({ attempts: 3 }).success).toBe(true);
    expect(retryPolicySchema.safeParse({ attempts: -1 }).success).toBe(false);
  });
});

describe('planNextAttempt', () => {
  const plan = (over: Partial<Parameters<typeof planNextAttempt>[0]> = {}) =>
    planNextAttempt({
      error: flaky,
      attempt: 1,
      policy: { attempts: 3, backoff: noJitter },
      elapsedMs: 0,
      ...over,
    });

  it('retries a retryable error after the backoff delay', () => {
    expect(plan()).toMatchObject({
      retry: true,
      delayMs: 1000,
      classification: { retryable: true, status: 503 },
    });
    expect(plan({ attempt: 2 })).toMatchObject({ retry: true, delayMs: 2000 });
  });

  it('uses the injected random source for jitter', () => {
    const policy = { attempts: 3, backoff: { initialMs: 1000 } };
    expect(plan({ policy, random: () => 0.25 })).toMatchObject({ retry: true, delayMs: 250 });
  });

  it('stops a permanent error at once', () => {
    expect(plan({ error: new PermanentError('no') })).toMatchObject({ retry: false, reason: 'permanent' });
  });

  it('stops after the last attempt', () => {
    expect(plan({ attempt: 3 })).toMatchObject({ retry: false, reason: 'attempts_exhausted' });
    expect(plan({ attempt: 1, policy: { attempts: 1 } })).toMatchObject({
      retry: false,
      reason: 'attempts_exhausted',
    });
  });

  it('uses a retry-after delay as told, even above maxMs', () => {
    const error = new RetryAfterError('slow down', 90_000);
    expect(plan({ error })).toMatchObject({ retry: true, delayMs: 90_000 });
  });

  it('stops when the delay would pass the budget', () => {
    const policy = { attempts: 5, backoff: noJitter, budgetMs: 3000 };
    expect(plan({ policy, attempt: 2, elapsedMs: 1000 })).toMatchObject({ retry: true, delayMs: 2000 });
    expect(plan({ policy, attempt: 2, elapsedMs: 1001 })).toMatchObject({
      retry: false,
      reason: 'budget_exhausted',
    });
    const error = new RetryAfterError('slow down', 5000);
    expect(plan({ policy, error })).toMatchObject({ retry: false, reason: 'budget_exhausted' });
  });

  it('takes a classification made by the caller', () => {
    const classification = { retryable: false as const, reason: 'caller says no' };
    expect(plan({ classification })).toEqual({ retry: false, reason: 'permanent', classification });
  });

  it('rejects a bad attempt number or policy', () => {
    expect(() => plan({ attempt: 0 })).toThrow(/attempt: must be an integer >= 1/);
    expect(() => plan({ policy: { attempts: 0 } })).toThrow(/Invalid retry policy/);
  });
});

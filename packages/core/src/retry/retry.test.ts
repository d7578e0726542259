import { describe, expect, it } from 'vitest';
import { virtualClock } from '../clock/index';
import { isTimeoutError, isValidationError, PermanentError, RetryAfterError } from '../errors/index';
import { type FailedAttemptInfo, retry } from './retry';

const noJitter = { initialMs: 1000, maxMs: 60_000, factor: 2, jitter: 'none' } as const;
const unavailable = () => Object.assign(new Error('Service Unavailable'), { status: 503 });

/** A function that fails with `errors` in turn, then returns 'ok'; counts its calls. */
function failing(...errors: unknown[]) {
  const fn = async ({ attempt }: { attempt: number }) => {
    fn.calls++;
    if (attempt <= errors.length) throw errors[attempt - 1];
    return 'ok';
  };
  fn.calls = 0;
  return fn;
}

describe('retry', () => {
  it('succeeds on attempt 3 after backoff waits on the injected clock', async () => {
    const clock = virtualClock();
    const fn = failing(unavailable(), unavailable());
    const start = clock.now();
    expect(await clock.run(retry(fn, { attempts: 3, backoff: noJitter, clock }))).toBe('ok');
    expect(fn.calls).toBe(3);
    expect(clock.now() - start).toBe(1000 + 2000);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('waits only on the injected clock, never on real timers', async () => {
    const clock = virtualClock();
    const fn = failing(unavailable());
    const run = retry(fn, { attempts: 2, backoff: noJitter, clock });
    await clock.advance(999);
    expect(fn.calls).toBe(1);
    // Moving the clock is enough: the next attempt starts within the same macrotask turn.
    await clock.advance(1);
    expect(fn.calls).toBe(2);
    expect(await run).toBe('ok');
  });

  it('returns at once on success without touching the clock', async () => {
    const clock = virtualClock();
    expect(await retry(async ({ attempt }) => attempt, { attempts: 3, clock })).toBe(1);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('stops a permanent error after one attempt and throws it as is', async () => {
    const clock = virtualClock();
    const error = new PermanentError('address rejected');
    const fn = failing(error);
    await expect(clock.run(retry(fn, { attempts: 5, clock }))).rejects.toBe(error);
    expect(fn.calls).toBe(1);
  });

  it('throws the last error itself when attempts run out', async () => {
    const clock = virtualClock();
    const errors = [unavailable(), unavailable(), unavailable()];
    const fn = failing(...errors);
    await expect(clock.run(retry(fn, { attempts: 3, backoff: noJitter, clock }))).rejects.toBe(errors[2]);
    expect(fn.calls).toBe(3);
  });

  it('retries TypeErrors and non-Error throwables that p-retry alone would not, and rethrows them untouched', async () => {
    const clock = virtualClock();
    const fn = failing(new TypeError('x is not a function'), 'a string', 'last');
    await expect(clock.run(retry(fn, { attempts: 3, clock }))).rejects.toBe('last');
    expect(fn.calls).toBe(3);
  });

  it('waits exactly as told by RetryAfterError and Retry-After, above maxMs', async () => {
    const clock = virtualClock();
    const limited = Object.assign(new Error('Too Many Requests'), {
      status: 429,
      headers: { 'retry-after': '90' },
    });
    const fn = failing(new RetryAfterError('slow down', 7500), limited);
    const start = clock.now();
    const backoff = { ...noJitter, maxMs: 1000 };
    expect(await clock.run(retry(fn, { attempts: 3, backoff, clock }))).toBe('ok');
    expect(clock.now() - start).toBe(7500 + 90_000);
  });

  it('ends retrying when the next wait would pass the budget', async () => {
    const clock = virtualClock();
    const infos: FailedAttemptInfo[] = [];
    const last = unavailable();
    const fn = async ({ attempt }: { attempt: number }) => {
      await clock.sleep(400); // each attempt takes 400 ms
      throw attempt === 2 ? last : unavailable();
    };
    const start = clock.now();
    const run = retry(fn, {
      attempts: 10,
      backoff: noJitter,
      budgetMs: 3000,
      clock,
      onFailedAttempt: (info) => void infos.push(info),
    });
    // t=400 fail, wait 1000; t=1800 fail, a 2000 ms wait would end at 3800 > 3000: stop.
    await expect(clock.run(run)).rejects.toBe(last);
    expect(infos.map((i) => i.delayMs)).toEqual([1000, null]);
    expect(clock.now() - start).toBe(1800);
  });

  it('aborts a hanging attempt after timeoutMs and retries', async () => {
    const clock = virtualClock();
    const signals: AbortSignal[] = [];
    const run = retry(
      ({ attempt, signal }) => {
        signals.push(signal);
        return attempt === 1 ? new Promise<string>(() => {}) : Promise.resolve('second');
      },
      { attempts: 2, timeoutMs: 500, backoff: noJitter, clock },
    );
    const start = clock.now();
    expect(await clock.run(run)).toBe('second');
    expect(clock.now() - start).toBe(500 + 1000);
    expect(signals[0]?.aborted).toBe(true);
    expect(isTimeoutError(signals[0]?.reason)).toBe(true);
    expect(signals[1]?.aborted).toBe(false);
  });

  it('throws TimeoutError when every attempt times out', async () => {
    const clock = virtualClock();
    const run = retry(() => new Promise<never>(() => {}), { attempts: 2, timeoutMs: 100, clock });
    expect(isTimeoutError(await clock.run(run).catch((e: unknown) => e))).toBe(true);
  });

  it('stops at once when the signal aborts during a backoff sleep', async () => {
    const clock = virtualClock();
    const controller = new AbortController();
    const reason = new Error('shutting down');
    const fn = failing(unavailable(), unavailable());
    const start = clock.now();
    clock.setTimer(() => controller.abort(reason), 300);
    const run = retry(fn, { attempts: 3, backoff: noJitter, clock, signal: controller.signal });
    await expect(clock.run(run)).rejects.toBe(reason);
    expect(fn.calls).toBe(1);
    expect(clock.now() - start).toBe(300);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('stops at once when the signal aborts during an attempt that ignores it', async () => {
    const clock = virtualClock();
    const controller = new AbortController();
    const reason = new Error('cancelled');
    const infos: FailedAttemptInfo[] = [];
    clock.setTimer(() => controller.abort(reason), 50);
    const run = retry(() => new Promise<never>(() => {}), {
      attempts: 3,
      clock,
      signal: controller.signal,
      onFailedAttempt: (info) => void infos.push(info),
    });
    await expect(clock.run(run)).rejects.toBe(reason);
    expect(infos).toEqual([]);
  });

  it('never calls fn when the signal is already aborted', async () => {
    const reason = new Error('too late');
    const fn = failing();
    await expect(retry(fn, { attempts: 3, signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(fn.calls).toBe(0);
  });

  it('tells onFailedAttempt about every failure, with delayMs null on the final one', async () => {
    const clock = virtualClock();
    const errors = [unavailable(), unavailable(), unavailable()];
    const infos: FailedAttemptInfo[] = [];
    const run = retry(failing(...errors), {
      attempts: 3,
      backoff: noJitter,
      clock,
      onFailedAttempt: async (info) => {
        await clock.sleep(10); // awaited: counts towards elapsed time
        infos.push(info);
      },
    });
    await expect(clock.run(run)).rejects.toBe(errors[2]);
    const classification = { retryable: true, reason: 'HTTP 503 from upstream', status: 503 };
    expect(infos).toEqual([
      { error: errors[0], attempt: 1, attemptsLeft: 2, classification, delayMs: 1000 },
      { error: errors[1], attempt: 2, attemptsLeft: 1, classification, delayMs: 2000 },
      { error: errors[2], attempt: 3, attemptsLeft: 0, classification, delayMs: null },
    ]);
  });

  it('ends with the error onFailedAttempt throws', async () => {
    const clock = virtualClock();
    const hookError = new Error('hook failed');
    const run = retry(failing(unavailable()), {
      attempts: 3,
      clock,
      onFailedAttempt: () => {
        throw hookError;
      },
    });
    await expect(clock.run(run)).rejects.toBe(hookError);
  });

  it('uses a custom classify and random source', async () => {
    const clock = virtualClock();
    const fn = failing(new Error('retry me'), new Error('stop me'));
    const classify = (e: unknown) =>
      (e as Error).message === 'stop me'
        ? { retryable: false as const, reason: 'custom stop' }
        : { retryable: true as const, reason: 'custom go' };
    const start = clock.now();
    const run = retry(fn, { attempts: 5, backoff: { initialMs: 1000 }, classify, random: () => 0.5, clock });
    await expect(clock.run(run)).rejects.toThrow('stop me');
    expect(fn.calls).toBe(2);
    expect(clock.now() - start).toBe(500);
  });

  it('rejects an invalid policy with a clear error before any attempt', async () => {
    const fn = failing();
    const error = await retry(fn, { attempts: 0 }).catch((e: unknown) => e);
    expect(isValidationError(error)).toBe(true);
    expect((error as Error).message).toBe(
      'Invalid retry policy: attempts: attempts counts the first try, so it must be at least 1 (received 0)',
    );
    await expect(retry(fn, { attempts: 2, backoff: { jitter: 'some' as never } })).rejects.toThrow(
      'backoff.jitter',
    );
    expect(fn.calls).toBe(0);
  });

  it('works on the system clock by default', async () => {
    const fn = failing(unavailable());
    expect(await retry(fn, { attempts: 2, backoff: { initialMs: 0 } })).toBe('ok');
    expect(fn.calls).toBe(2);
  });
});

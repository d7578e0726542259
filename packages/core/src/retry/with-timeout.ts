import type { CancelTimer, Clock } from '../clock/index';
import { TimeoutError, ValidationError } from '../errors/index';

/** Options of {@link runWithTimeout}. */
export interface RunWithTimeoutOptions {
  /** Time limit in ms (> 0). None when omitted: then only `signal` can end the run early. */
  timeoutMs?: number;
  /** Parent signal: when it aborts, the run rejects with its reason. */
  signal?: AbortSignal;
  /** The clock the time limit runs on. */
  clock: Clock;
}

/**
 * Runs `fn` with an `AbortSignal` that aborts when the parent `signal` aborts or `timeoutMs`
 * passes on `clock`, whichever comes first.
 *
 * Guarantees: on timeout the promise rejects with core's {@link TimeoutError} (whose `cause` is
 * unset) even if `fn` ignores its signal and never settles; on parent abort it rejects with the
 * parent's `reason`; otherwise it settles as `fn` does. The timer and the abort listener are
 * removed as soon as the promise settles, so nothing keeps a process alive. A parent that is
 * already aborted rejects at once without calling `fn`; so does an invalid `timeoutMs` (with a
 * `ValidationError`).
 *
 * @example
 * ```ts
 * const url = 'https://api.example.com/health';
 * const res = await runWithTimeout((signal) => fetch(url, { signal }), { timeoutMs: 10_000, clock: systemClock() });
 * ```
 */
export function runWithTimeout<T>(
  fn: (signal: AbortSignal) => Promise<T>,
  options: RunWithTimeoutOptions,
): Promise<T> {
  const { timeoutMs, signal: parent, clock } = options;
  if (timeoutMs !== undefined && !(typeof timeoutMs === 'number' && timeoutMs > 0 && timeoutMs < Infinity)) {
    const issue = { path: 'timeoutMs', message: 'must be a finite number > 0', received: timeoutMs };
    return Promise.reject(new ValidationError('timeout', [issue]));
  }
  if (parent?.aborted) return Promise.reject(parent.reason);
  const controller = new AbortController();
  return new Promise<T>((resolve, reject) => {
    let cancelTimer: CancelTimer | undefined;
    let settled = false;
    const settle = () => {
      if (settled) return false;
      settled = true;
      cancelTimer?.();
      parent?.removeEventListener('abort', onParentAbort);
      return true;
    };
    const onParentAbort = () => {
      if (!settle()) return;
      controller.abort(parent?.reason);
      reject(parent?.reason);
    };
    parent?.addEventListener('abort', onParentAbort, { once: true });
    if (timeoutMs !== undefined) {
      cancelTimer = clock.setTimer(() => {
        if (!settle()) return;
        const error = new TimeoutError(timeoutMs);
        controller.abort(error);
        reject(error);
      }, timeoutMs);
    }
    let result: Promise<T>;
    try {
      result = Promise.resolve(fn(controller.signal));
    } catch (error) {
      result = Promise.reject(error);
    }
    result.then(
      (value) => {
        if (settle()) resolve(value);
      },
      (error: unknown) => {
        if (settle()) reject(error);
      },
    );
  });
}

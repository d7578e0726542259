/**
 * The parts of a test runner the suites need, passed in so the suites work with vitest, jest,
 * `node:test` + an expect library, or anything else with the same shape: vitest is not a dependency.
 *
 * @example
 * ```ts
 * import { describe, expect, test } from 'vitest';
 * deadLetterStoreSuite({ describe, expect, test }, () => memoryDeadLetterStore());
 * ```
 */
export interface SuiteRunner {
  /** Registers a test; `timeout` is in milliseconds. */
  test: (name: string, fn: () => Promise<void> | void, timeout?: number) => void;
  /** A Jest-compatible `expect` (`toBe`, `toEqual`, `toBeGreaterThan`, `toHaveLength`, `toMatch`, ...). */
  expect: (value: unknown) => any;
  /** Groups the suite's tests; without it, test names are prefixed with the suite's name. */
  describe?: (name: string, fn: () => void) => void;
}

/** Options every suite accepts. */
export interface SuiteOptions {
  /** Per-test timeout in milliseconds, passed to `runner.test`. Default: the runner's own. */
  timeoutMs?: number;
}

/** @internal Registers `body`'s tests under `name`, with or without `describe`. */
export function defineSuite(
  runner: SuiteRunner,
  name: string,
  options: SuiteOptions,
  body: (test: SuiteRunner['test']) => void,
): void {
  const test: SuiteRunner['test'] = (testName, fn) =>
    runner.test(runner.describe ? testName : `${name}: ${testName}`, fn, options.timeoutMs);
  if (runner.describe) runner.describe(name, () => body(test));
  else body(test);
}

/** @internal A short random string, so tests sharing one database never see each other's rows. */
export function randomId(prefix = ''): string {
  return `${prefix}${globalThis.crypto.randomUUID().replaceAll('-', '').slice(0, 16)}`;
}

/** @internal Awaits `promise`, which must reject; returns the error (fails the test if it resolves). */
export async function rejectionOf(promise: Promise<unknown>, what: string): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error(`Expected ${what} to reject, but it resolved`);
}

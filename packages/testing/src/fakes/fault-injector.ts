import { PermanentError, ValidationError, type ValidationIssue } from '@lifeline/core';
import { InjectedFaultError } from './injected-fault-error';
import { seededRandom } from './seeded-random';

/** Which faults a faulty fake injects. Checked in this order: `hang`, `permanentFor`, `failFirst`, `failRate`. */
export interface FaultOptions<Subject> {
  /** Fail the first `n` calls. */
  failFirst?: number;
  /** Fail each later call with this probability (0..1), drawn from {@link seededRandom}(`seed`). */
  failRate?: number;
  /** Seed for `failRate`. Default 1. */
  seed?: number;
  /** HTTP status of injected failures (100..599). Default: none, like a network error. */
  status?: number;
  /** Retry-After of injected failures, in ms. Default 1 000 for status 429, none otherwise. */
  retryAfterMs?: number;
  /** Never settle: wait until the call's signal aborts, then reject with its reason. */
  hang?: boolean;
  /** Calls for which this returns true fail with a `PermanentError` (e.g. a rejected address). */
  permanentFor?: (subject: Subject) => boolean;
}

/** How one call to a faulty fake ended. */
export type FaultOutcome = 'delivered' | 'failed' | 'permanent' | 'aborted';

/** One call a faulty fake received. */
export interface FaultyCall<Subject, Result> {
  /** 1-based call number. */
  call: number;
  /** What was sent: the message and key for a mailer, the alert for an alerter. */
  subject: Subject;
  /** `undefined` while the call is still running (e.g. hanging). */
  outcome?: FaultOutcome;
  /** What the delegate returned, when delivered. */
  result?: Result;
  /** What the call threw, when it failed. */
  error?: unknown;
}

function validate(options: FaultOptions<unknown>): void {
  const issues: ValidationIssue[] = [];
  const check = (path: keyof FaultOptions<unknown>, ok: (value: number) => boolean, message: string) => {
    const value = options[path];
    if (value !== undefined && (typeof value !== 'number' || !ok(value)))
      issues.push({ path, message, received: value });
  };
  check('failFirst', (v) => Number.isInteger(v) && v >= 0, 'must be an integer >= 0');
  check('failRate', (v) => v >= 0 && v <= 1, 'must be a number from 0 to 1');
  check('seed', Number.isInteger, 'must be an integer');
  check('status', (v) => Number.isInteger(v) && v >= 100 && v <= 599, 'must be an HTTP status 100..599');
  check('retryAfterMs', (v) => Number.isFinite(v) && v >= 0, 'must be a number >= 0');
  if (issues.length > 0) throw new ValidationError('fault options', issues);
}

/**
 * @internal Runs calls through the configured faults and records them; `deliver` is the delegate call.
 */
export function faultInjector<Subject, Result>(options: FaultOptions<Subject>, what: string) {
  validate(options as FaultOptions<unknown>);
  const random = seededRandom(options.seed ?? 1);
  const calls: Array<FaultyCall<Subject, Result>> = [];
  const retryAfterMs = options.retryAfterMs ?? (options.status === 429 ? 1_000 : undefined);

  const fault = (n: number) =>
    new InjectedFaultError(
      `Injected ${what} failure on call ${n}${options.status ? ` (HTTP ${options.status})` : ''}`,
      {
        ...(options.status === undefined ? {} : { status: options.status }),
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      },
    );

  async function run(
    subject: Subject,
    signal: AbortSignal | undefined,
    deliver: () => Promise<Result>,
  ): Promise<Result> {
    const record: FaultyCall<Subject, Result> = { call: calls.length + 1, subject };
    calls.push(record);
    try {
      if (options.hang) {
        await new Promise<never>((_, reject) => {
          if (signal?.aborted) reject(signal.reason);
          signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
        });
      }
      if (options.permanentFor?.(subject)) {
        record.outcome = 'permanent';
        throw new PermanentError(`Injected permanent ${what} failure on call ${record.call}`);
      }
      if (
        record.call <= (options.failFirst ?? 0) ||
        (options.failRate !== undefined && random() < options.failRate)
      ) {
        record.outcome = 'failed';
        throw fault(record.call);
      }
      record.result = await deliver();
      record.outcome = 'delivered';
      return record.result;
    } catch (error) {
      record.outcome ??= signal?.aborted && error === signal.reason ? 'aborted' : 'failed';
      record.error = error;
      throw error;
    }
  }

  return { calls, run };
}

/**
 * The one place the tests lean on internals of inngest 4.24.0 / @inngest/test 1.0.0 (pinned in
 * package.json). @inngest/test cannot run an `onFailure` handler as a failure handler, and its public
 * `execute()` drops `retriable` (the value Inngest reads to decide whether, and after how long, to retry).
 */
import { InngestTestEngine } from '@inngest/test';
import type { InngestFunction } from 'inngest';

type CreateExecution = (options: { partialOptions: Record<string, unknown> }) => unknown;

/** Wraps `fn` so the test engine runs its `onFailure` handler (handlerKind `failure`) instead of its handler. */
export function asFailure(fn: InngestFunction.Any): InngestFunction.Any {
  return new Proxy(fn, {
    get: (target, property, receiver) =>
      property === 'createExecution'
        ? (options: { partialOptions: Record<string, unknown> }) =>
            (Reflect.get(target, 'createExecution', receiver) as CreateExecution).call(target, {
              partialOptions: { ...options.partialOptions, handlerKind: 'failure' },
            })
        : Reflect.get(target, property, receiver),
  });
}

/** One Inngest event as sent to a function. */
export interface InngestEvent {
  name: string;
  data: Record<string, unknown>;
  id?: string;
  ts?: number;
}

/** What one execution (one request from Inngest) ended in. */
export interface ExecutionOutcome {
  type: 'function-resolved' | 'function-rejected' | string;
  /** The handler's return value, when resolved. */
  data?: unknown;
  /** The thrown error as Inngest serialised it, when rejected. */
  error?: { name: string; message: string; code?: string; cause?: unknown; [key: string]: unknown };
  /** `false`: do not retry; `true`: retry with Inngest's backoff; a string: retry after that many seconds (or at that ISO date). */
  retriable?: boolean | string;
}

/**
 * Runs one execution of `fn` on `event` with a new engine, as the `attempt`-th (0-based) attempt of a
 * function allowed `maxAttempts` attempts, and returns its checkpoint (with `retriable`).
 */
export async function executeOnce(
  fn: InngestFunction.Any,
  options: { event: InngestEvent; attempt?: number; maxAttempts?: number },
): Promise<ExecutionOutcome> {
  const engine = new InngestTestEngine({
    function: fn,
    events: [options.event as never],
    transformCtx: (ctx) =>
      ({
        ...ctx,
        attempt: options.attempt ?? 0,
        ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
      }) as never,
  });
  const output = await (
    engine as unknown as { individualExecution(): Promise<{ result: ExecutionOutcome }> }
  ).individualExecution();
  return output.result;
}

/** Runs `fn`'s `onFailure` handler as Inngest would after `original` failed with `error` (serialised). */
export async function executeFailureHandler(
  fn: InngestFunction.Any,
  options: { original: InngestEvent; error: Record<string, unknown>; functionId?: string },
): Promise<{ result?: unknown; error?: unknown }> {
  const engine = new InngestTestEngine({ function: asFailure(fn) });
  return engine.execute({
    events: [
      {
        name: 'inngest/function.failed',
        data: {
          function_id: options.functionId ?? 'app-fn',
          run_id: 'run_failed',
          error: options.error,
          event: options.original,
        },
      },
    ],
  }) as Promise<{ result?: unknown; error?: unknown }>;
}

/** The function configuration Inngest receives when the app syncs (the SDK's private `getConfig`). */
export function syncedConfig(fn: InngestFunction.Any, appId: string): Array<Record<string, any>> {
  const getConfig = Reflect.get(fn, 'getConfig') as (options: {
    baseUrl: URL;
    appPrefix: string;
  }) => Array<Record<string, any>>;
  return getConfig.call(fn, { baseUrl: new URL('http://127.0.0.1:3000/api/inngest'), appPrefix: appId });
}

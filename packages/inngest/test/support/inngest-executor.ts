import type { VirtualClock } from '@lifeline/core';
import type { Inngest, InngestFunction } from 'inngest';
import {
  type ExecutionOutcome,
  executeFailureHandler,
  executeOnce,
  type InngestEvent,
  syncedConfig,
} from './inngest-internals';
import type { InngestStandIn } from './inngest-stand-in';

/** How long the stand-in executor waits before a retry Inngest would schedule with its own backoff (`retriable: true`). */
const inngestBackoffMs = (attempt: number) => 1_000 * 2 ** attempt;

function retryDelayMs(retriable: true | string, attempt: number, now: number): number {
  if (retriable === true) return inngestBackoffMs(attempt);
  if (/^\d+$/.test(retriable)) return Number(retriable) * 1_000;
  return Math.max(0, Date.parse(retriable) - now);
}

/**
 * A stand-in for Inngest's executor, for tests: takes the events the stand-in event API accepted and runs
 * them through the functions whose trigger matches, as Inngest does: attempt 0, 1, … up to the function's
 * `retries`, each a fresh execution with `attempt` and `maxAttempts` in its context; a retry waits what the
 * function asked (`RetryAfterError` seconds) on the virtual clock; a non-retriable error or the last attempt
 * runs the function's `onFailure` with the serialised error and the original event. Runs of different
 * events overlap, as they do on Inngest.
 *
 * `dedupeEventIds` drops an event whose id was seen before, like Inngest's 24-hour id dedupe.
 */
export function inngestExecutor(input: {
  client: Inngest;
  functions: InngestFunction.Any[];
  standIn: InngestStandIn;
  clock: VirtualClock;
  dedupeEventIds?: boolean;
}) {
  const byEvent = new Map<string, { fn: InngestFunction.Any; id: string; maxAttempts: number }>();
  for (const fn of input.functions) {
    const [config] = syncedConfig(fn, input.client.id);
    for (const trigger of config!.triggers as Array<{ event?: string }>) {
      if (trigger.event)
        byEvent.set(trigger.event, {
          fn,
          id: config!.id,
          maxAttempts: (config!.steps.step.retries?.attempts ?? 3) + 1,
        });
    }
  }
  const seen = new Set<string>();
  const history: Array<{ event: InngestEvent; attempt: number; outcome: ExecutionOutcome }> = [];

  async function run(event: InngestEvent): Promise<void> {
    const target = byEvent.get(event.name);
    if (!target) throw new Error(`stand-in executor: no function is triggered by "${event.name}"`);
    for (let attempt = 0; ; attempt++) {
      const outcome = await executeOnce(target.fn, { event, attempt, maxAttempts: target.maxAttempts });
      history.push({ event, attempt, outcome });
      if (outcome.type === 'function-resolved') return;
      if (outcome.type !== 'function-rejected')
        throw new Error(`stand-in executor: unexpected checkpoint "${outcome.type}"`);
      const retriable = outcome.retriable ?? true;
      if (retriable === false || attempt + 1 >= target.maxAttempts) {
        const failure = await executeFailureHandler(target.fn, {
          original: event,
          error: outcome.error!,
          functionId: target.id,
        });
        if (failure.error)
          throw new Error(
            `stand-in executor: onFailure of "${target.id}" failed: ${JSON.stringify(failure.error)}`,
          );
        return;
      }
      await input.clock.sleep(retryDelayMs(retriable, attempt, input.clock.now()));
    }
  }

  return {
    history,
    /** Runs every accepted event (and any event they send) until all runs have finished. */
    async runAll(): Promise<void> {
      const running = new Set<Promise<void>>();
      for (;;) {
        for (let event = input.standIn.inbox.shift(); event; event = input.standIn.inbox.shift()) {
          if (input.dedupeEventIds && event.id !== undefined && seen.has(event.id)) continue;
          if (event.id !== undefined) seen.add(event.id);
          const runOne: Promise<void> = run(event).finally(() => running.delete(runOne));
          running.add(runOne);
        }
        if (running.size === 0) return;
        await Promise.race(running);
      }
    },
  };
}

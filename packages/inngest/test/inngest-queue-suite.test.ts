import {
  createLifeline,
  defineOperation,
  type Lifeline,
  memoryAlerter,
  type Queue,
  type QueueWorker,
  silentLogger,
  type VirtualClock,
} from '@lifeline/core';
import { queueSuite } from '@lifeline/testing';
import { afterAll, describe, expect, test } from 'vitest';
import { z } from 'zod';
import { inngestFunctions, inngestQueue } from '../src/index';
import { testClient } from './support/fixtures';
import { inngestExecutor } from './support/inngest-executor';
import { type InngestStandIn, startInngestStandIn } from './support/inngest-stand-in';

const standIns: InngestStandIn[] = [];
afterAll(async () => {
  for (const standIn of standIns) await standIn.close();
});

/**
 * `inngestQueue` as the queue suite sees it: `enqueue` goes through the real Inngest client to the
 * stand-in event API on 127.0.0.1, and the stand-in executor runs what it accepted through the functions
 * of `inngestFunctions`, which call the suite's worker (the operation's own `run` is never reached).
 * `drain` and `close` wait for the executor, as the work goes on in Inngest after the app is done.
 */
async function inngestSuiteQueue(clock: VirtualClock): Promise<Queue> {
  const standIn = await startInngestStandIn();
  standIns.push(standIn);
  const client = testClient(standIn.url);
  const inner = inngestQueue({ client });
  const operation = defineOperation({
    name: 'suite/queue.event',
    kind: 'job',
    schema: z.unknown(),
    retry: { attempts: 10 },
    run: async () => {
      throw new Error('not reached: the suite’s worker runs the attempts');
    },
  });
  const lifeline = createLifeline({
    operations: [operation],
    queue: inner,
    clock,
    logger: silentLogger(),
    alerter: memoryAlerter(),
  });
  let executor: ReturnType<typeof inngestExecutor> | undefined;
  let active: Promise<void> | undefined;
  const runInBackground = () => {
    active ??= executor!.runAll().finally(() => {
      active = undefined;
      if (standIn.inbox.length > 0) runInBackground();
    });
    return active;
  };
  const settle = async () => {
    while (active || standIn.inbox.length > 0) await runInBackground();
    return { completed: 0, pending: [] };
  };
  return {
    start(worker: QueueWorker) {
      // The functions call `lifeline.worker`: here, the suite's scripted worker.
      const withWorker = Object.create(lifeline, { worker: { value: worker } }) as Lifeline;
      executor = inngestExecutor({
        client,
        functions: inngestFunctions(withWorker, { healthCron: false }),
        standIn,
        clock,
      });
    },
    async enqueue(event) {
      await inner.enqueue(event);
      void runInBackground();
    },
    drain: settle,
    async close(options) {
      await inner.close(options);
      return settle();
    },
  };
}

describe('inngestQueue through the Inngest client, the stand-in event API and executor', () => {
  queueSuite({ describe, expect, test }, inngestSuiteQueue, {
    without: {
      delayedSends:
        'inngestQueue does not forward QueuedEvent.runAt yet (Inngest would schedule it with a future event `ts`)',
      cancel:
        'Inngest cancels runs by matching events (cancelOn), not by idempotency key, so inngestQueue has no cancel()',
    },
  });
});

import { createLifeline, memoryAlerter, memoryMailer, silentLogger, virtualClock } from '@lifeline/core';
import type { HarnessFactory, ScenarioHarness } from '@lifeline/testing';
import {
  postgresDeadLetterStore,
  postgresIdempotencyStore,
  postgresOperationLog,
  postgresQueue,
} from '../../src/index';
import type { Backend } from '../helpers/backends';
import { queueName } from './queue-backends';

/**
 * The runtime scenarios' harness on postgresQueue: every store and the queue on `backend()`'s schema
 * (a fresh queue name per scenario), on a virtual clock; `settle()` drains the queue.
 */
export function postgresQueueHarness(backend: () => Backend): HarnessFactory {
  return async ({ operations, mailer, alerter, random }): Promise<ScenarioHarness> => {
    const { sql, schema } = backend();
    const clock = virtualClock();
    const recordingMailer = memoryMailer();
    const recordingAlerter = memoryAlerter();
    const lifeline = createLifeline({
      operations,
      clock,
      logger: silentLogger(),
      queue: postgresQueue({ sql, schema, name: queueName(), concurrency: 4, pollMs: 30_000 }),
      deadLetters: postgresDeadLetterStore(sql, { schema }),
      idempotency: postgresIdempotencyStore(sql, { schema }),
      log: postgresOperationLog(sql, { schema }),
      mailer: mailer ?? recordingMailer,
      alerter: alerter ?? recordingAlerter,
      random: random ?? (() => 0.5),
    });
    return {
      lifeline,
      clock,
      alerts: recordingAlerter.alerts,
      sent: recordingMailer.sent,
      settle: async () => {
        await clock.run(lifeline.drain());
      },
    };
  };
}

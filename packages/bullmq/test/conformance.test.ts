import {
  createLifeline,
  memoryAlerter,
  memoryMailer,
  type Queue,
  silentLogger,
  virtualClock,
} from '@lifeline/core';
import { type HarnessFactory, queueSuite, runtimeScenarios } from '@lifeline/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { bullmqQueue } from '../src/index';
import { testRedis } from './helpers/redis';

const redis = testRedis();
const queues: Queue[] = [];
beforeAll(() => redis.connect());
afterAll(async () => {
  await Promise.all(queues.map((queue) => queue.close({ timeoutMs: 1_000 }).catch(() => {})));
  await redis.cleanUp();
});

/** A queue on the real Redis under a prefix of its own. */
function freshQueue(clock = virtualClock()) {
  const queue = bullmqQueue({ connection: redis.connection, prefix: redis.prefix(), concurrency: 4, clock });
  queues.push(queue);
  return queue;
}

const runner = { describe, expect, test };

describe('bullmqQueue on Redis', () => {
  queueSuite(runner, (clock) => freshQueue(clock));

  const harness: HarnessFactory = async ({ operations, mailer, alerter, random }) => {
    const clock = virtualClock();
    const recordingMailer = memoryMailer();
    const recordingAlerter = memoryAlerter();
    const lifeline = createLifeline({
      operations,
      clock,
      logger: silentLogger(),
      queue: freshQueue(clock),
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
  describe('runtime scenarios', () => runtimeScenarios(runner, harness));
});

import {
  createLifeline,
  inProcessQueue,
  memoryAlerter,
  memoryMailer,
  silentLogger,
  virtualClock,
} from '@lifeline/core';
import { expect, test } from 'vitest';
import { runtimeScenarios } from '../src/index';

runtimeScenarios({ test, expect }, async ({ operations, mailer, alerter, random }) => {
  const clock = virtualClock();
  const recordingMailer = memoryMailer();
  const recordingAlerter = memoryAlerter();
  const lifeline = createLifeline({
    operations,
    clock,
    logger: silentLogger(),
    queue: inProcessQueue({ concurrency: 4 }),
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
});

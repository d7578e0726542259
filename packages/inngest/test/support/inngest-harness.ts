import { createLifeline, memoryAlerter, memoryMailer, silentLogger, virtualClock } from '@lifeline/core';
// runtimeScenarios and its harness types are not exported by @lifeline/testing yet: import them from source.
import type { HarnessFactory, ScenarioHarness } from '@lifeline/testing';
import { onTestFinished } from 'vitest';
import { inngestFunctions, inngestQueue } from '../../src/index';
import { testClient } from './fixtures';
import { inngestExecutor } from './inngest-executor';
import { startInngestStandIn } from './inngest-stand-in';

/**
 * The runtime scenarios' harness on the Inngest path: `lifeline.send` goes through `inngestQueue` and the
 * real Inngest client to the stand-in event API on 127.0.0.1; `settle()` runs what it accepted through the
 * functions of `inngestFunctions` with the stand-in executor, on the virtual clock.
 */
export function inngestHarness(options: { dedupeEventIds?: boolean } = {}): HarnessFactory {
  return async ({ operations, mailer, alerter, random }): Promise<ScenarioHarness> => {
    const standIn = await startInngestStandIn();
    onTestFinished(() => standIn.close());
    const client = testClient(standIn.url);
    const clock = virtualClock();
    const recordingMailer = memoryMailer();
    const recordingAlerter = memoryAlerter();
    const lifeline = createLifeline({
      operations,
      clock,
      logger: silentLogger(),
      queue: inngestQueue({ client }),
      mailer: mailer ?? recordingMailer,
      alerter: alerter ?? recordingAlerter,
      random: random ?? (() => 0.5),
    });
    const functions = inngestFunctions(lifeline, { healthCron: false });
    const executor = inngestExecutor({
      client,
      functions,
      standIn,
      clock,
      dedupeEventIds: options.dedupeEventIds ?? false,
    });
    return {
      lifeline,
      clock,
      alerts: recordingAlerter.alerts,
      sent: recordingMailer.sent,
      settle: () => clock.run(executor.runAll()),
    };
  };
}

import type { Alert, Alerter, AlertSeverity } from '@lifeline/core';
import { defineSuite, randomId, type SuiteOptions, type SuiteRunner } from './suite-runner';

/** What the alerter suite's factory returns: the alerter, and a probe that reads what really arrived. */
export interface AlerterUnderTest {
  /** The alerter under test. */
  alerter: Alerter;
  /** Every alert the destination (or its stand-in) received, decoded back into `Alert`s. */
  received: () => Promise<Alert[]>;
}

/**
 * The conformance suite of the `Alerter` contract: an alert of each severity arrives with its title,
 * severity and message, fields of every value type do not break delivery, and distinct alerts all arrive.
 * Each test uses random titles, so a shared destination is fine.
 *
 * @example
 * ```ts
 * import { describe, expect, test } from 'vitest';
 * // `received` reads the destination itself (for Slack: a local HTTP stand-in that records each POST).
 * alerterSuite({ describe, expect, test }, async () => {
 *   const alerter = memoryAlerter(); // your alerter here
 *   return { alerter, received: async () => alerter.alerts };
 * });
 * ```
 */
export function alerterSuite(
  runner: SuiteRunner,
  factory: () => Promise<AlerterUnderTest>,
  options: SuiteOptions = {},
): void {
  const { expect } = runner;

  async function setup() {
    const { alerter, received } = await factory();
    const tag = randomId('suite-');
    const mine = async () => (await received()).filter((alert) => alert.title.includes(tag));
    return { alerter, tag, mine };
  }

  defineSuite(runner, 'Alerter conformance', options, (test) => {
    test('an alert of each severity arrives with its title, severity and message', async () => {
      const { alerter, tag, mine } = await setup();
      const severities: AlertSeverity[] = ['critical', 'warning', 'info'];
      for (const severity of severities) {
        await alerter.alert({
          severity,
          title: `Receipt emails failing ${tag} ${severity}`,
          message: `Operation purchase/email.send failed (${severity})`,
        });
      }
      const got = await mine();
      expect(got).toHaveLength(3);
      for (const severity of severities) {
        const alert = got.find((a) => a.title === `Receipt emails failing ${tag} ${severity}`);
        expect(alert?.severity).toBe(severity);
        expect(alert?.message).toContain(`Operation purchase/email.send failed (${severity})`);
      }
    });

    test('fields of every value type, a dedupe key and a link do not break delivery', async () => {
      const { alerter, tag, mine } = await setup();
      await alerter.alert({
        severity: 'critical',
        title: `Dead letter ${tag}`,
        message: 'An operation exhausted its retries',
        fields: {
          operation: 'purchase/email.send',
          attempts: 3,
          permanent: false,
          error: null,
          missing: undefined,
        },
        dedupeKey: `dead-letter:${tag}`,
        url: 'https://example.com/admin/failed/dl_1',
      });
      const got = await mine();
      expect(got).toHaveLength(1);
      expect(got[0]!.severity).toBe('critical');
    });

    test('distinct alerts all arrive', async () => {
      const { alerter, tag, mine } = await setup();
      for (let i = 0; i < 5; i++)
        await alerter.alert({
          severity: 'warning',
          title: `Health ${tag} #${i}`,
          message: `Metric ${i} crossed its threshold`,
        });
      expect((await mine()).map((a) => a.title).sort()).toEqual(
        [0, 1, 2, 3, 4].map((i) => `Health ${tag} #${i}`),
      );
    });
  });
}

import { type Alert, virtualClock } from '@lifeline/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type SlackAlerter, slackAlerter } from '../src/index';
import { type SlackStandIn, slackAnswer, startSlackStandIn } from './slack-stand-in';

let slack: SlackStandIn;
beforeAll(async () => {
  slack = await startSlackStandIn();
});
afterAll(() => slack.close());
beforeEach(() => {
  slack.requests.length = 0;
  slack.respond = slackAnswer(200, 'ok');
});

const MINUTE = 60_000;
const text = (request: { body: unknown } | undefined) => JSON.stringify(request?.body);
const balanced = (alerter: SlackAlerter) => {
  const s = alerter.stats();
  expect(s.received).toBe(s.sent + s.folded + s.suppressed + s.failed + s.pending);
};
const alert = (title: string, extra: Partial<Alert> = {}): Alert => ({
  severity: 'warning',
  title,
  message: '',
  ...extra,
});

describe('dedupe', () => {
  it('suppresses the same key within the cooldown and says how many on the next alert after it', async () => {
    const clock = virtualClock();
    const alerter = slackAlerter({ webhookUrl: slack.webhookUrl, clock, cooldownMs: 10 * MINUTE });

    for (let i = 0; i < 3; i++) await alerter.alert(alert('Webhook failing', { dedupeKey: 'webhook' }));
    expect(slack.requests).toHaveLength(1);
    expect(alerter.stats()).toMatchObject({ sent: 1, suppressed: 2 });

    await clock.advance(10 * MINUTE - 1);
    await alerter.alert(alert('Webhook failing', { dedupeKey: 'webhook' }));
    expect(slack.requests).toHaveLength(1); // still inside the cooldown
    await clock.advance(1);
    await alerter.alert(alert('Webhook failing', { dedupeKey: 'webhook' }));

    expect(slack.requests).toHaveLength(2);
    expect(text(slack.requests[1])).toContain('3 similar alerts suppressed since 00:00 UTC');
    expect(alerter.stats()).toMatchObject({ received: 5, sent: 2, suppressed: 3 });
    balanced(alerter);
  });

  it('different keys are not deduplicated', async () => {
    const alerter = slackAlerter({ webhookUrl: slack.webhookUrl, clock: virtualClock() });
    await alerter.alert(alert('a', { dedupeKey: 'one' }));
    await alerter.alert(alert('a', { dedupeKey: 'two' }));
    await alerter.alert(alert('a'));
    await alerter.alert(alert('a'));
    expect(slack.requests).toHaveLength(4);
  });

  it('reports suppressed counts in a digest when no later alert for the key comes', async () => {
    const clock = virtualClock();
    const alerter = slackAlerter({ webhookUrl: slack.webhookUrl, clock, cooldownMs: 10 * MINUTE });
    for (let i = 0; i < 5; i++)
      await alerter.alert(alert('Queue stuck', { severity: 'critical', dedupeKey: 'queue' }));

    await clock.advance(11 * MINUTE); // cooldown, then a digest interval's grace for a follow-up alert
    expect(slack.requests).toHaveLength(1);
    await clock.advance(MINUTE); // the digest is due
    await alerter.flush();

    expect(slack.requests).toHaveLength(2);
    const digest = slack.requests[1]?.body;
    expect(digest.text).toBe(':rotating_light: 4 duplicate alerts suppressed');
    expect(text(slack.requests[1])).toContain('4 × *Queue stuck* (critical), key `queue`');
    expect(clock.pendingTimers()).toBe(0);
  });
});

describe('storm digests', () => {
  it('a burst of 1,000 alerts makes a bounded number of POSTs and accounts for every alert', async () => {
    const clock = virtualClock();
    const alerter = slackAlerter({ webhookUrl: slack.webhookUrl, clock, digestThreshold: 10 });
    const severities = ['critical', 'warning', 'info'] as const;
    const burst = Array.from({ length: 1_000 }, (_, i) =>
      alerter.alert({
        severity: severities[i % 3] ?? 'info',
        title: `Kind ${i % 3}`,
        message: `alert ${i}`,
        ...(i % 4 === 0 && { dedupeKey: 'same-incident' }),
      }),
    );
    await Promise.all(burst);
    await alerter.flush();

    const stats = alerter.stats();
    // 250 alerts share one dedupe key: the first is admitted, 249 are suppressed. Of the other
    // 751, the first 10 within the minute are sent on their own and the rest folded into a digest.
    expect(stats).toMatchObject({
      received: 1_000,
      sent: 10,
      suppressed: 249,
      folded: 741,
      failed: 0,
      pending: 0,
    });
    expect(stats.sent + stats.folded + stats.suppressed).toBe(1_000);
    expect(slack.requests).toHaveLength(11);
    expect(stats).toMatchObject({ posts: 11, digests: 1 });

    const digest = slack.requests[10]?.body;
    expect(digest.text).toBe(':rotating_light: Alert storm: 741 alerts folded into this digest');
    expect(digest.attachments[0].color).toBe('#E01E5A');
    const counts = [...text(slack.requests[10]).matchAll(/• (\d+) × \*Kind (\d)\* \((\w+)\)/g)];
    expect(counts.map((m) => `${m[1]} ${m[2]} ${m[3]}`).sort()).toEqual(
      ['247 2 info', '247 1 warning', '247 0 critical'].sort(),
    );

    await alerter.close(); // the 249 duplicates are still in their cooldown: close() reports them
    expect(slack.requests).toHaveLength(12);
    expect(text(slack.requests[11])).toMatch(/249 × \*Kind \d\* \(critical\), key `same-incident`/);
    expect(clock.pendingTimers()).toBe(0);
    balanced(alerter);
  });

  it('folds a sustained storm into one digest per interval and recovers when it calms down', async () => {
    const clock = virtualClock();
    const alerter = slackAlerter({
      webhookUrl: slack.webhookUrl,
      clock,
      digestThreshold: 10,
      digestIntervalMs: MINUTE,
    });
    const pending: Promise<void>[] = [];
    for (let i = 0; i < 150; i++) {
      // 30 alerts a minute for five minutes
      pending.push(alerter.alert(alert(`Job ${i % 2}`)));
      await clock.advance(2_000);
    }
    await Promise.all(pending);
    await alerter.flush();

    const stats = alerter.stats();
    expect(stats.sent).toBe(10);
    expect(stats.sent + stats.folded).toBe(150);
    expect(stats.digests).toBeGreaterThanOrEqual(4); // one per interval, not one at the end
    expect(stats.digests).toBeLessThanOrEqual(6);
    expect(slack.requests.length).toBe(stats.sent + stats.digests);

    await clock.advance(MINUTE);
    await alerter.alert(alert('Calm again'));
    expect(alerter.stats().sent).toBe(11);
    expect(text(slack.requests.at(-1))).toContain('Calm again');
    await alerter.close();
  });

  it('flush() sends the pending digest at once, and nothing when there is none', async () => {
    const clock = virtualClock();
    const alerter = slackAlerter({ webhookUrl: slack.webhookUrl, clock, digestThreshold: 1 });
    await alerter.flush();
    expect(slack.requests).toHaveLength(0);
    await alerter.alert(alert('one'));
    await alerter.alert(alert('two'));
    await alerter.alert(alert('two'));
    expect(alerter.stats()).toMatchObject({ sent: 1, pending: 2 });
    await alerter.flush();
    expect(slack.requests).toHaveLength(2);
    expect(text(slack.requests[1])).toContain('2 × *two* (warning)');
    expect(alerter.stats()).toMatchObject({ folded: 2, pending: 0 });
    expect(clock.pendingTimers()).toBe(0);
  });

  it('counts folded alerts as failed when their digest cannot be delivered', async () => {
    slack.respond = slackAnswer(500, 'internal_error');
    const clock = virtualClock();
    const logger = { debug() {}, info() {}, warn() {}, error() {} };
    const alerter = slackAlerter({
      webhookUrl: slack.webhookUrl,
      clock,
      logger,
      digestThreshold: 1,
      maxRetries: 0,
    });
    await alerter.alert(alert('one'));
    await alerter.alert(alert('two'));
    await alerter.alert(alert('three'));
    await alerter.flush();
    expect(alerter.stats()).toMatchObject({ received: 3, sent: 0, folded: 0, failed: 3, pending: 0 });
    balanced(alerter);
  });
});

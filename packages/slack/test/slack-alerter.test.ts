import { isValidationError, virtualClock } from '@lifeline/core';
import { IncomingWebhook } from '@slack/webhook';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type SlackAlerter, slackAlerter } from '../src/index';
import {
  recordingLogger,
  refusedWebhookUrl,
  type SlackStandIn,
  slackAnswer,
  startSlackStandIn,
  untilTimer,
} from './slack-stand-in';

let slack: SlackStandIn;
beforeAll(async () => {
  slack = await startSlackStandIn();
});
afterAll(() => slack.close());
beforeEach(() => {
  slack.requests.length = 0;
  slack.respond = slackAnswer(200, 'ok');
});

const balanced = (alerter: SlackAlerter) => {
  const s = alerter.stats();
  expect(s.received).toBe(s.sent + s.folded + s.suppressed + s.failed + s.pending);
};

const failedEmail = {
  severity: 'critical' as const,
  title: 'Purchase email failed',
  message: 'purchase/email.send was dead-lettered after 3 attempts.',
  fields: { operation: 'purchase/email.send', attempts: 3, purchaseId: 'pur_123' },
  dedupeKey: 'email-failed:pur_123',
};

const { dedupeKey: _, ...withoutKey } = failedEmail;

describe('slackAlerter against a stand-in for Slack incoming webhooks', () => {
  it('POSTs a Block Kit message: colour bar, header with emoji, message, fields table, button, context', async () => {
    const alerter = slackAlerter(
      { webhookUrl: slack.webhookUrl },
      { channelLabel: 'checkout · production', adminUrl: 'https://shop.example.com/admin/failed-operations' },
    );
    await alerter.alert({ ...failedEmail, url: '/admin/failed-operations/42' });

    expect(slack.requests).toHaveLength(1);
    const [request] = slack.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/services/T000/B000/XXXXXXXXXXXX');
    expect(request?.headers['content-type']).toBe('application/json');
    const { text, attachments } = request!.body;
    expect(text).toBe(':rotating_light: [critical] Purchase email failed');
    expect(attachments).toHaveLength(1);
    expect(attachments[0].color).toBe('#E01E5A');
    const blocks = attachments[0].blocks;
    expect(blocks.map((b: { type: string }) => b.type)).toEqual([
      'header',
      'section',
      'section',
      'actions',
      'context',
    ]);
    expect(blocks[0].text).toEqual({
      type: 'plain_text',
      text: ':rotating_light: Purchase email failed',
      emoji: true,
    });
    expect(blocks[1].text.text).toBe('purchase/email.send was dead-lettered after 3 attempts.');
    expect(blocks[2].fields).toEqual([
      { type: 'mrkdwn', text: '*operation*\npurchase/email.send' },
      { type: 'mrkdwn', text: '*attempts*\n3' },
      { type: 'mrkdwn', text: '*purchaseId*\npur_123' },
    ]);
    expect(blocks[3].elements[0]).toMatchObject({
      type: 'button',
      url: 'https://shop.example.com/admin/failed-operations/42',
    });
    const footer = blocks[4].elements[0].text;
    expect(footer).toContain('*Critical*');
    expect(footer).toContain('checkout · production');
    expect(footer).toContain('email-failed:pur_123');
    expect(alerter.stats()).toMatchObject({ received: 1, sent: 1, posts: 1, failed: 0, pending: 0 });
  });

  it('shows warning and info in their own colour and without a button when no link is set', async () => {
    const alerter = slackAlerter({ webhookUrl: slack.webhookUrl });
    await alerter.alert({ severity: 'warning', title: 'Slow', message: '' });
    await alerter.alert({ severity: 'info', title: 'FYI', message: 'x' });
    const [warning, info] = slack.requests.map((r) => r.body.attachments[0]);
    expect(warning.color).toBe('#ECB22E');
    expect(info.color).toBe('#36C5F0');
    expect(warning.blocks.map((b: { type: string }) => b.type)).toEqual(['header', 'context']);
    expect(info.blocks.some((b: { type: string }) => b.type === 'actions')).toBe(false);
  });

  it('escapes mrkdwn so alert text cannot ping @channel or forge links', async () => {
    const alerter = slackAlerter({ webhookUrl: slack.webhookUrl });
    await alerter.alert({
      severity: 'info',
      title: 't',
      message: '<!channel> & <https://evil.example|click>',
    });
    expect(slack.requests[0]?.body.attachments[0].blocks[1].text.text).toBe(
      '&lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;',
    );
  });

  it('redacts personal data and secrets by default', async () => {
    const alerter = slackAlerter({ webhookUrl: slack.webhookUrl });
    await alerter.alert({
      severity: 'critical',
      title: 'Email to jane.doe@example.com failed',
      message:
        'Resend key re_123abcde_AbCdEfGhIjKlMnOpQrStUvWx rejected; link https://dl.example.com/f?token=tok123&id=9',
      fields: {
        userEmail: 'jane.doe@example.com',
        stripeSecret: 'anything',
        apiKey: 'k-1',
        purchaseId: 'pur_1',
      },
      url: 'https://admin.example.com/x?sig=abc',
    });
    const sent = JSON.stringify(slack.requests[0]?.body);
    for (const leak of ['jane.doe', 're_123abcde', 'tok123', 'anything', 'k-1', 'sig=abc'])
      expect(sent).not.toContain(leak);
    expect(sent).toContain('j***@example.com');
    expect(sent).toContain('token=[redacted]&amp;id=9');
    expect(sent).toContain('*stripeSecret*\\n[redacted]');
    expect(sent).toContain('pur_1');
  });

  it('sends alerts as written with redact: false', async () => {
    const alerter = slackAlerter({ webhookUrl: slack.webhookUrl, redact: false });
    await alerter.alert({
      severity: 'info',
      title: 'jane.doe@example.com',
      message: '',
      fields: { apiKey: 'k-1' },
    });
    const sent = JSON.stringify(slack.requests[0]?.body);
    expect(sent).toContain('jane.doe@example.com');
    expect(sent).toContain('k-1');
  });

  it('honours Retry-After on a 429 (on the virtual clock), then delivers', async () => {
    const clock = virtualClock();
    let calls = 0;
    slack.respond = (request, response) =>
      (++calls === 1 ? slackAnswer(429, 'rate_limited', { 'retry-after': '7' }) : slackAnswer(200, 'ok'))(
        request,
        response,
      );
    const alerter = slackAlerter({ webhookUrl: slack.webhookUrl, clock });

    const done = alerter.alert(withoutKey); // so the only timer is the retry wait
    await slack.waitForRequests(1);
    await untilTimer(clock);
    await clock.advance(6_999);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(slack.requests).toHaveLength(1);
    await clock.advance(1);
    await done;

    expect(slack.requests).toHaveLength(2);
    expect(alerter.stats()).toMatchObject({ sent: 1, posts: 2, retries: 1, failed: 0 });
  });

  it('retries 5xx a bounded number of times, then logs and counts the failure without throwing', async () => {
    const clock = virtualClock();
    const logger = recordingLogger();
    slack.respond = slackAnswer(503, 'service_unavailable');
    const alerter = slackAlerter({ webhookUrl: slack.webhookUrl, clock, logger, maxRetries: 2 });

    await clock.run(alerter.alert(failedEmail));

    expect(slack.requests).toHaveLength(3);
    expect(alerter.stats()).toMatchObject({ sent: 0, failed: 1, posts: 3, retries: 2, pending: 0 });
    expect(logger.entries.filter((e) => e.level === 'error')).toHaveLength(1);
    expect(logger.entries[0]?.message).toContain('after 3 attempts');
    balanced(alerter);
  });

  it('reports a dead webhook URL (404 no_service) once, counts every lost alert, never throws', async () => {
    const logger = recordingLogger();
    slack.respond = slackAnswer(404, 'no_service');
    const alerter = slackAlerter({ webhookUrl: slack.webhookUrl, logger });

    for (const title of ['a', 'b', 'c']) await alerter.alert({ severity: 'critical', title, message: '' });

    expect(slack.requests).toHaveLength(3); // not retried
    const errors = logger.entries.filter((e) => e.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toContain('the incoming webhook was removed or the Slack app uninstalled');
    expect(errors[0]?.message).not.toContain('XXXXXXXXXXXX');
    expect(logger.entries.filter((e) => e.level === 'debug')).toHaveLength(2);
    expect(alerter.stats()).toMatchObject({
      failed: 3,
      sent: 0,
      lastFailure: { status: 404, code: 'no_service' },
    });
  });

  it('keeps going when Slack is unreachable (connection refused)', async () => {
    const clock = virtualClock();
    const logger = recordingLogger();
    const alerter = slackAlerter({ webhookUrl: await refusedWebhookUrl(), clock, logger, maxRetries: 1 });
    await clock.run(alerter.alert(failedEmail));
    expect(alerter.stats()).toMatchObject({ failed: 1, posts: 2, lastFailure: { code: 'request_error' } });
    expect(logger.entries.filter((e) => e.level === 'error')).toHaveLength(1);
  });

  it('falls back to plain text once when Slack rejects the blocks', async () => {
    slack.respond = (request, response) =>
      (request.body.attachments ? slackAnswer(400, 'invalid_blocks') : slackAnswer(200, 'ok'))(
        request,
        response,
      );
    const alerter = slackAlerter({ webhookUrl: slack.webhookUrl });
    await alerter.alert(failedEmail);
    expect(slack.requests.map((r) => Object.keys(r.body))).toEqual([['text', 'attachments'], ['text']]);
    expect(alerter.stats()).toMatchObject({ sent: 1, failed: 0, posts: 2 });
  });

  it('works with a caller-built IncomingWebhook as client (backoff instead of Retry-After)', async () => {
    const clock = virtualClock();
    let calls = 0;
    slack.respond = (request, response) =>
      (++calls === 1 ? slackAnswer(429, 'rate_limited', { 'retry-after': '30' }) : slackAnswer(200, 'ok'))(
        request,
        response,
      );
    const alerter = slackAlerter({ client: new IncomingWebhook(slack.webhookUrl) }, { clock });
    const done = alerter.alert(withoutKey); // so the only timer is the retry wait
    await slack.waitForRequests(1);
    await untilTimer(clock);
    await clock.advance(999);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(slack.requests).toHaveLength(1);
    await clock.advance(1);
    await done;
    expect(slack.requests).toHaveLength(2);
    expect(alerter.stats()).toMatchObject({ sent: 1, retries: 1 });
  });

  it('rejects invalid alerts and options with a ValidationError, without leaking the webhook URL', async () => {
    const alerter = slackAlerter({ webhookUrl: slack.webhookUrl });
    const bad = await alerter
      .alert({ severity: 'urgent' as never, title: '', message: 'x' })
      .catch((e: unknown) => e);
    expect(isValidationError(bad)).toBe(true);
    expect(String(bad)).toMatch(/severity: .*received "urgent"/);
    expect(String(bad)).toMatch(/title: title must not be empty/);
    expect(slack.requests).toHaveLength(0);

    expect(() => slackAlerter({} as never)).toThrow(/pass exactly one of webhookUrl/);
    let thrown: unknown;
    try {
      slackAlerter({ webhookUrl: 'ftp://hooks.slack.com/services/T1/B2/sekrit' });
    } catch (error) {
      thrown = error;
    }
    expect(String(thrown)).toContain('webhookUrl must be an http(s) URL');
    expect(String(thrown)).not.toContain('sekrit');
    expect(() => slackAlerter({ webhookUrl: slack.webhookUrl }, { digestThreshold: 0 })).toThrow(
      /digestThreshold/,
    );
  });

  it('after close(), alerts are counted as failed and logged, not sent', async () => {
    const logger = recordingLogger();
    const alerter = slackAlerter({ webhookUrl: slack.webhookUrl, logger });
    await alerter.close();
    await alerter.alert(failedEmail);
    expect(slack.requests).toHaveLength(0);
    expect(alerter.stats()).toMatchObject({ received: 1, failed: 1 });
    expect(logger.entries[0]).toMatchObject({
      level: 'warn',
      message: 'slackAlerter is closed: alert not sent',
    });
  });
});

import {
  type Alert,
  type Alerter,
  type Clock,
  consoleLogger,
  type Logger,
  systemClock,
  ValidationError,
} from '@lifeline/core';
import { IncomingWebhook, type IncomingWebhookSendArguments } from '@slack/webhook';
import { alertMessage, type PreparedAlert } from './alert-message';
import { delivery } from './delivery';
import { digestMessage } from './digest-message';
import { redactFields, redactText, redactUrl, redactWebhookUrl } from './redact';
import { retryAfterRecorder } from './retry-after-recorder';
import { alertSchema, slackAlerterOptionsSchema } from './schemas';
import { type SlackAlerterStats, slackStats } from './stats';
import { type Digest, stormControl } from './storm-control';

/** The part of `@slack/webhook`'s `IncomingWebhook` the alerter uses. */
export interface SlackWebhookClient {
  /** Posts one message; rejects on a non-2xx answer or a network error. */
  send(message: IncomingWebhookSendArguments): Promise<unknown>;
}

/** Where alerts go: a webhook URL (preferred: `Retry-After` is honoured) or your own client. */
export type SlackTarget =
  | { webhookUrl: string; client?: never }
  | { client: SlackWebhookClient; webhookUrl?: never };

/** How alerts look and how storms are tamed. Every option has a default. */
export interface SlackAlerterOptions {
  /** Shown in every message's footer, e.g. `"checkout · production"`. */
  channelLabel?: string;
  /** Dashboard link for the button; relative `alert.url`s resolve against it. */
  adminUrl?: string;
  /** Mask emails and redact secrets (default `true`). `false` sends alerts as written. */
  redact?: boolean;
  /** Alerts with the same `dedupeKey` within this window are suppressed and counted (default 10 min). */
  cooldownMs?: number;
  /** Alerts per minute above which further alerts are folded into a digest (default 10). */
  digestThreshold?: number;
  /** At most one digest message per this interval (default 60 s). */
  digestIntervalMs?: number;
  /** Clock for cooldowns, digests and retry waits (default the system clock). */
  clock?: Clock;
  /** Where delivery failures are reported (default core's `consoleLogger()`: JSON lines, info and up). */
  logger?: Logger;
  /** Retries of a 429, 408, 5xx or network failure per message (default 3). */
  maxRetries?: number;
  /** Per-request timeout when the alerter builds the client from `webhookUrl` (default 10 s). */
  requestTimeoutMs?: number;
}

/** An {@link Alerter} with storm control that can be flushed and closed. */
export interface SlackAlerter extends Alerter {
  /** Sends the pending digest now (if any) and waits until every queued message is delivered or given up. */
  flush(): Promise<void>;
  /** Counters: what was received, sent, folded, suppressed, failed, and what is pending. */
  stats(): SlackAlerterStats;
  /** Reports every outstanding count in a last digest, stops the timers, and waits for delivery. */
  close(): Promise<void>;
}

/**
 * An {@link Alerter} that posts Block Kit messages to a Slack incoming webhook: severity emoji and
 * colour, title, message, fields as a table, a dashboard button, the channel label.
 *
 * Guarantees: emails are masked and secrets redacted unless `redact: false`; the same `dedupeKey`
 * within `cooldownMs` is suppressed and counted (the next alert for the key, or a digest, says how
 * many); above `digestThreshold` alerts a minute, alerts are folded into one digest per
 * `digestIntervalMs` that counts them by title and severity. Nothing is dropped without being
 * counted: `received = sent + folded + suppressed + failed + pending`. `alert()` resolves once its
 * message was delivered, folded or suppressed; it never rejects for delivery failures (those are
 * retried, then logged once and counted), only for an invalid alert (`ValidationError`).
 *
 * In serverless functions, `await alerter.flush()` before the function returns.
 *
 * @example
 * ```ts
 * const alerter = slackAlerter({ webhookUrl: process.env.SLACK_WEBHOOK_URL!, channelLabel: 'checkout · prod',
 *   adminUrl: 'https://shop.example.com/admin/failed-operations' });
 * await alerter.alert({ severity: 'critical', title: 'Purchase email failed', message: 'After 3 attempts', dedupeKey: 'email:pur_1' });
 * ```
 */
export function slackAlerter(
  target: SlackTarget & SlackAlerterOptions,
  options: SlackAlerterOptions = {},
): SlackAlerter {
  const input = { ...target, ...options };
  const parsed = slackAlerterOptionsSchema.safeParse(input);
  if (!parsed.success) {
    const shown =
      typeof input.webhookUrl === 'string'
        ? { ...input, webhookUrl: redactWebhookUrl(input.webhookUrl) }
        : input;
    throw ValidationError.fromZod('slackAlerter options', parsed.error, shown);
  }
  const config = parsed.data;
  const clock = config.clock ?? systemClock();
  const logger = config.logger ?? consoleLogger();
  const context = { channelLabel: config.channelLabel, adminUrl: config.adminUrl };
  const counters = slackStats();
  const recorder = retryAfterRecorder();
  const client: SlackWebhookClient =
    config.client ??
    new IncomingWebhook(config.webhookUrl ?? '', { fetch: recorder.fetch, timeout: config.requestTimeoutMs });
  const queue = delivery({
    post: (message) => client.send(message),
    retryAfter: recorder.take,
    clock,
    logger,
    maxRetries: config.maxRetries,
    onPost: () => counters.value.posts++,
    onRetry: () => counters.value.retries++,
    onFailure: (failure) => counters.failure(failure, clock.now()),
  });
  const storm = stormControl({ ...config, clock, onDigestDue: () => void sendDigest(storm.take()) });
  let closed = false;

  async function sendDigest(digest: Digest | undefined): Promise<void> {
    if (!digest) return;
    const delivered = await queue.send(digestMessage(digest, context), 'digest');
    counters.settleDigest(digest.foldedCount, delivered);
  }

  function prepare(alert: Alert): PreparedAlert {
    const parsedAlert = alertSchema.safeParse(alert);
    if (!parsedAlert.success) throw ValidationError.fromZod('Slack alert', parsedAlert.error, alert);
    const { severity, title, message, fields = {}, dedupeKey, url } = parsedAlert.data;
    if (!config.redact) {
      const plain = Object.fromEntries(
        Object.entries(fields).flatMap(([name, value]) => (value == null ? [] : [[name, String(value)]])),
      );
      return { severity, title, message, fields: plain, dedupeKey, url };
    }
    return {
      severity,
      title: redactText(title),
      message: redactText(message),
      fields: redactFields(fields),
      dedupeKey: dedupeKey === undefined ? undefined : redactText(dedupeKey),
      url: url === undefined ? undefined : redactUrl(url),
    };
  }

  return {
    async alert(alert) {
      const prepared = prepare(alert);
      counters.value.received++;
      if (closed) {
        counters.value.failed++;
        try {
          logger.warn('slackAlerter is closed: alert not sent', {
            title: prepared.title,
            severity: prepared.severity,
          });
        } catch {
          // counted in stats() either way
        }
        return;
      }
      const admission = storm.admit(prepared);
      if (admission.action === 'suppress') {
        counters.value.suppressed++;
        return;
      }
      counters.value.pending++;
      if (admission.action === 'fold') return;
      const delivered = await queue.send(
        alertMessage(prepared, context, clock.now(), admission.suppressed),
        prepared.title,
      );
      counters.settleAlert(delivered);
    },
    async flush() {
      await sendDigest(storm.take());
      await queue.idle();
    },
    stats: () => ({ ...counters.value }),
    async close() {
      closed = true;
      await sendDigest(storm.take(true));
      await queue.idle();
    },
  };
}

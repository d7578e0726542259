/**
 * `@lifeline/slack`: a Lifeline `Alerter` on Slack incoming webhooks.
 *
 * Block Kit messages with severity emoji and colour, fields as a table and a dashboard button;
 * no secrets or personal data by default (emails masked, tokens redacted); storm control (dedupe
 * cooldown, digests above a rate) that counts every alert it does not send; Slack's 429 and 5xx
 * retried; a dead webhook URL reported once through the logger, never thrown into an operation.
 *
 * ```sh
 * npm install @lifeline/core @lifeline/slack @slack/webhook
 * ```
 *
 * ```ts
 * import { consoleAlerter } from '@lifeline/core';
 * import { slackAlerter } from '@lifeline/slack';
 *
 * const alerter = process.env.SLACK_WEBHOOK_URL
 *   ? slackAlerter({ webhookUrl: process.env.SLACK_WEBHOOK_URL, channelLabel: 'checkout · production',
 *       adminUrl: 'https://shop.example.com/admin/failed-operations' })
 *   : consoleAlerter();
 * await alerter.alert({ severity: 'critical', title: 'Purchase email failed', message: 'Dead-lettered after 3 attempts',
 *   fields: { purchaseId: 'pur_123', userEmail: 'jane@example.com' }, dedupeKey: 'email-failed:pur_123' });
 * ```
 *
 * @module
 */

export type { FieldValue } from './redact';
export { isSecretKey, maskEmails, REDACTED, redactFields, redactText, redactUrl } from './redact';
export {
  type SlackAlerter,
  type SlackAlerterOptions,
  type SlackTarget,
  type SlackWebhookClient,
  slackAlerter,
} from './slack-alerter';
export type { SlackFailure } from './slack-failure';
export type { SlackAlerterStats } from './stats';

import type { AlertSeverity } from '@lifeline/core';
import type { IncomingWebhookSendArguments } from '@slack/webhook';
import { clockTime, escapeMrkdwn, linkFor, SEVERITY_STYLE, truncate } from './slack-text';

/** An alert after validation and redaction: what may leave the process. */
export interface PreparedAlert {
  severity: AlertSeverity;
  title: string;
  message: string;
  fields: Record<string, string>;
  dedupeKey: string | undefined;
  url: string | undefined;
}

/** Where and how messages are labelled. */
export interface MessageContext {
  channelLabel: string | undefined;
  adminUrl: string | undefined;
}

/** Slack's limits: 10 fields per section, 50 blocks per message; we show at most 20 fields. */
const MAX_FIELDS = 20;

type Block = NonNullable<IncomingWebhookSendArguments['blocks']>[number];

/** @internal the footer: severity, channel label, time, dedupe key. */
export function contextBlock(parts: Array<string | undefined>): Block {
  return {
    type: 'context',
    elements: [{ type: 'mrkdwn', text: truncate(parts.filter(Boolean).join('  ·  '), 3000) }],
  };
}

/** @internal the "open in dashboard" button. */
export function buttonBlock(url: string | undefined, label: string): Block[] {
  if (!url) return [];
  return [
    { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: label }, url }] },
  ];
}

/**
 * Builds the Block Kit message of one alert: a header with the severity emoji, the message, the
 * fields as a two-column table, a dashboard button, and a context line; inside an attachment so
 * the severity colour shows as a bar. Text is escaped for mrkdwn and cut to Slack's limits.
 */
export function alertMessage(
  alert: PreparedAlert,
  context: MessageContext,
  at: number,
  suppressed?: { count: number; since: number },
): IncomingWebhookSendArguments {
  const style = SEVERITY_STYLE[alert.severity];
  const blocks: Block[] = [
    {
      type: 'header',
      text: { type: 'plain_text', text: truncate(`${style.emoji} ${alert.title}`, 150), emoji: true },
    },
  ];
  if (alert.message.trim()) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: truncate(escapeMrkdwn(alert.message), 3000) },
    });
  }
  const entries = Object.entries(alert.fields);
  const shown = entries.slice(0, MAX_FIELDS).map(([name, value]) => ({
    type: 'mrkdwn' as const,
    text: truncate(`*${escapeMrkdwn(name)}*\n${escapeMrkdwn(value)}`, 2000),
  }));
  for (let i = 0; i < shown.length; i += 10) blocks.push({ type: 'section', fields: shown.slice(i, i + 10) });
  if (entries.length > MAX_FIELDS) {
    blocks.push(contextBlock([`${entries.length - MAX_FIELDS} more fields not shown`]));
  }
  blocks.push(...buttonBlock(linkFor(alert.url, context.adminUrl), 'Open in dashboard'));
  if (suppressed && suppressed.count > 0) {
    const plural = suppressed.count === 1 ? 'alert' : 'alerts';
    blocks.push(
      contextBlock([
        `:mute: ${suppressed.count} similar ${plural} suppressed since ${clockTime(suppressed.since)}`,
      ]),
    );
  }
  blocks.push(
    contextBlock([
      `*${style.label}*`,
      context.channelLabel && escapeMrkdwn(context.channelLabel),
      new Date(at).toISOString(),
      alert.dedupeKey && `dedupe key \`${escapeMrkdwn(alert.dedupeKey)}\``,
    ]),
  );
  return {
    text: truncate(`${style.emoji} [${alert.severity}] ${escapeMrkdwn(alert.title)}`, 3000),
    attachments: [{ color: style.color, blocks }],
  };
}

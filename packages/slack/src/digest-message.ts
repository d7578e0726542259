import type { IncomingWebhookSendArguments } from '@slack/webhook';
import { buttonBlock, contextBlock, type MessageContext } from './alert-message';
import {
  bySeverity,
  clockTime,
  escapeMrkdwn,
  highest,
  linkFor,
  SEVERITY_STYLE,
  truncate,
} from './slack-text';
import type { Digest, DigestLine } from './storm-control';

/** A digest lists at most this many kinds of alert; the rest are summed on one line. */
const MAX_LINES = 15;

function list(lines: DigestLine[], describe: (line: DigestLine) => string): string {
  const sorted = [...lines].sort((a, b) => bySeverity(a.severity, b.severity) || b.count - a.count);
  const shown = sorted.slice(0, MAX_LINES).map((line) => `• ${describe(line)}`);
  const rest = sorted.slice(MAX_LINES);
  if (rest.length > 0) {
    const count = rest.reduce((sum, line) => sum + line.count, 0);
    shown.push(`• …and ${rest.length} more kinds (${count} alerts)`);
  }
  return truncate(shown.join('\n'), 3000);
}

const kind = (line: DigestLine) => `*${escapeMrkdwn(truncate(line.title, 200))}* (${line.severity})`;

/**
 * Builds the one message that reports a storm: how many alerts were folded, of which title and
 * severity, and which duplicates were suppressed, coloured by the most severe of them.
 */
export function digestMessage(digest: Digest, context: MessageContext): IncomingWebhookSendArguments {
  const severity = highest([...digest.folded, ...digest.suppressed].map((line) => line.severity));
  const style = SEVERITY_STYLE[severity];
  const suppressedCount = digest.suppressed.reduce((sum, line) => sum + line.count, 0);
  const title =
    digest.foldedCount > 0
      ? `Alert storm: ${digest.foldedCount} ${digest.foldedCount === 1 ? 'alert' : 'alerts'} folded into this digest`
      : `${suppressedCount} duplicate ${suppressedCount === 1 ? 'alert' : 'alerts'} suppressed`;
  const window = `between ${clockTime(digest.from)} and ${clockTime(digest.to)}`;

  const blocks: NonNullable<IncomingWebhookSendArguments['blocks']> = [
    { type: 'header', text: { type: 'plain_text', text: `${style.emoji} ${title}`, emoji: true } },
  ];
  if (digest.foldedCount > 0) {
    const intro = `Alerts came faster than the alerter sends them; ${window} these were folded:`;
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `${intro}\n${list(digest.folded, (line) => `${line.count} × ${kind(line)}`)}`,
      },
    });
  }
  if (digest.suppressed.length > 0) {
    const intro = 'Repeats of an alert already sent (same dedupe key, within the cooldown):';
    const describe = (line: DigestLine) =>
      `${line.count} × ${kind(line)}, key \`${escapeMrkdwn(line.dedupeKey ?? '')}\``;
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `${intro}\n${list(digest.suppressed, describe)}` },
    });
  }
  blocks.push(...buttonBlock(linkFor(undefined, context.adminUrl), 'Open dashboard'));
  blocks.push(
    contextBlock([
      `*${style.label}*`,
      context.channelLabel && escapeMrkdwn(context.channelLabel),
      new Date(digest.to).toISOString(),
    ]),
  );
  return { text: `${style.emoji} ${title}`, attachments: [{ color: style.color, blocks }] };
}

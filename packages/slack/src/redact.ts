// The redaction policy is core's (one policy for alerts, logs and the dashboard): this file adds only what
// is Slack-specific, and re-exports the rest so `@lifeline/slack`'s public names stay.
import { isSecretKey, REDACTED, redactText } from '@lifeline/core';

export { isSecretKey, maskEmails, REDACTED, redactText, redactUrl } from '@lifeline/core';

/** A webhook URL's path is its secret: keeps only the scheme and host. */
export function redactWebhookUrl(url: string): string {
  const origin = /^([a-z][a-z0-9+.-]*:\/\/[^/?#@]*@?[^/?#]*)/i.exec(url)?.[1];
  return origin ? `${origin.replace(/^([^:]+:\/\/)[^@]*@/, '$1')}/${REDACTED}` : REDACTED;
}

/** A field value as Slack shows it: text, or `undefined` when there is nothing to show. */
export type FieldValue = string | number | boolean | null | undefined;

/**
 * Redacts alert fields: the whole value of a secret-looking name ({@link isSecretKey}), and
 * {@link redactText} on every other value and on the names. Empty values are dropped.
 */
export function redactFields(fields: Record<string, FieldValue>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (value === null || value === undefined) continue;
    out[redactText(name)] = isSecretKey(name) ? REDACTED : redactText(String(value));
  }
  return out;
}

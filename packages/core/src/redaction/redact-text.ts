import { maskEmails } from './emails';
import { REDACTED } from './placeholder';
import { redactUrl } from './redact-url';

/** Known credential formats; the prefix is kept so an admin can tell which key leaked. */
const TOKEN_PATTERNS: Array<[RegExp, (placeholder: string) => string]> = [
  [/\b((?:sk|rk|pk)_(?:live|test)_)[A-Za-z0-9]{8,}/g, (p) => `$1${p}`],
  [/\b(whsec_)[A-Za-z0-9+/=]{8,}/g, (p) => `$1${p}`],
  [/\b(re_)[A-Za-z0-9]{6,}_[A-Za-z0-9]{12,}\b/g, (p) => `$1${p}`],
  [/\b(re_)(?=[A-Za-z_]*[0-9])[A-Za-z0-9]{20,}\b/g, (p) => `$1${p}`],
  [/\b(xox[abposr]-|xapp-)[A-Za-z0-9-]{10,}/g, (p) => `$1${p}`],
  [/\b(gh[pousr]_|github_pat_)[A-Za-z0-9_]{20,}/g, (p) => `$1${p}`],
  [/\b(AKIA|ASIA)[0-9A-Z]{16}\b/g, (p) => `$1${p}`],
  [/\b(signkey-[a-z]+-)[A-Za-z0-9]{16,}/g, (p) => `$1${p}`],
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g, (p) => p],
  [/\b(Bearer|Basic)\s+(?=[A-Za-z0-9._~+/-]*[0-9=+/])[A-Za-z0-9._~+/=-]{8,}/gi, (p) => `$1 ${p}`],
];

/** A value that is, as a whole, a credential too short for the patterns above (`sk_live_51Habc`, `xoxb-1-2`). */
const WHOLE_SECRET =
  /^(sk_live_|sk_test_|rk_live_|rk_test_|whsec_|re_[A-Za-z0-9]{8,}_|xox[abprs]-|ghp_|github_pat_|Bearer\s)|^eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** `password=hunter2`, `api_key: abc` inside free text. */
const ASSIGNMENT =
  /\b([A-Za-z_-]*(?:token|secret|password|passwd|pwd|api[_-]?key|signature|authorization|cvv|cvc|iban|ssn|hmac|dsn)[A-Za-z_-]*)(["']?\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s&,;]+)/gi;

/** Long random-looking strings (mixed case and digits, 40+ characters) are probably credentials. */
const OPAQUE = /[A-Za-z0-9_+=-]{40,}/g;
const looksRandom = (s: string) => /[a-z]/.test(s) && /[A-Z]/.test(s) && /[0-9]/.test(s);

/** URLs in free text (any scheme, so `postgres://user:pw@…` is found too). */
export const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s<>"'`|]+/gi;

/**
 * Removes secrets and personal data from free text before it leaves the process (alerts, logs, the
 * dashboard): redacts URLs ({@link redactUrl}), `name=value` assignments of secrets, known credential
 * formats (`sk_live_…`, `whsec_…`, `re_…`, `xoxb-…`, `ghp_…`, AWS keys, JWTs, `Bearer …`) and long opaque
 * strings, then masks email addresses ({@link maskEmails}). Idempotent: redacting twice changes nothing
 * more. A best effort for display: it does not make text safe to publish.
 *
 * @category Redaction
 * @example
 * ```ts
 * redactText('Send to jane@example.com failed with key sk_live_51Habc123'); // 'Send to j***@example.com failed with key sk_live_[redacted]'
 * ```
 */
export function redactText(text: string, placeholder: string = REDACTED): string {
  let out = text.replace(URL_IN_TEXT, (match) => {
    const trail = /[.,;:!?)\]}]+$/.exec(match)?.[0] ?? '';
    return redactUrl(match.slice(0, match.length - trail.length), placeholder) + trail;
  });
  for (const [pattern, replacement] of TOKEN_PATTERNS) out = out.replace(pattern, replacement(placeholder));
  out = out.replace(ASSIGNMENT, (whole, name: string, sep: string, value: string) =>
    value.replace(/["']/g, '').endsWith(placeholder) ? whole : `${name}${sep}${placeholder}`,
  );
  out = out.replace(OPAQUE, (match) => (looksRandom(match) ? placeholder : match));
  if (WHOLE_SECRET.test(out.trim()) && !out.includes(placeholder)) return placeholder;
  return maskEmails(out);
}

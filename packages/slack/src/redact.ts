/** What a redacted secret is replaced with. */
export const REDACTED = '[redacted]';

/** Words that make a field name or URL parameter a secret (matched as whole words). */
const SECRET_WORDS = new Set([
  'token',
  'secret',
  'password',
  'passwd',
  'pwd',
  'passphrase',
  'apikey',
  'authorization',
  'auth',
  'signature',
  'sig',
  'cookie',
  'credential',
  'credentials',
  'jwt',
  'bearer',
  'otp',
  'hmac',
  'privatekey',
  'accesskey',
  'secretkey',
  'signingkey',
  'dsn',
]);

/** `key` is a secret unless one of these says what kind of (non-secret) key it is. */
const HARMLESS_KEY_QUALIFIERS = new Set([
  'idempotency',
  'dedupe',
  'dedup',
  'public',
  'partition',
  'sort',
  'cache',
  'event',
  'primary',
  'foreign',
  'row',
  'lookup',
  'object',
  'group',
  'map',
  'routing',
  'business',
]);

/** URL parameters that carry secrets but whose names are too generic to redact as field names. */
const URL_ONLY_SECRETS = new Set(['code', 'policy', 'key-pair-id']);

function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/**
 * True when a field name looks like it holds a secret: `token`, `apiKey`, `x-amz-signature`,
 * `STRIPE_SECRET_KEY`, `cookie`, `authorization`, a bare `key`... but not `idempotencyKey` or
 * `dedupeKey`, which name business keys.
 */
export function isSecretKey(name: string): boolean {
  const parts = words(name);
  return parts.some(
    (word, index) =>
      SECRET_WORDS.has(word) || (word === 'key' && !HARMLESS_KEY_QUALIFIERS.has(parts[index - 1] ?? '')),
  );
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;

/** Masks every email address in `text`: `jane.doe@example.com` → `j***@example.com`. */
export function maskEmails(text: string): string {
  return text.replace(EMAIL, (email) => `${email[0]}***${email.slice(email.indexOf('@'))}`);
}

function redactParams(params: string): string {
  return params
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      const name = pair.slice(0, eq);
      let decoded: string;
      try {
        decoded = decodeURIComponent(name.replace(/\+/g, ' '));
      } catch {
        decoded = name;
      }
      if (isSecretKey(decoded) || URL_ONLY_SECRETS.has(decoded.toLowerCase())) return `${name}=${REDACTED}`;
      const value = pair.slice(eq + 1);
      return `${name}=${maskEmails(value.replace(/%40/gi, '@'))}`;
    })
    .join('&');
}

/**
 * Redacts the secrets a URL can carry: token-like query (and fragment) parameters (`token`, `sig`,
 * `X-Amz-Signature`, `api_key`...), a password in the user info, the secret path of a Slack webhook;
 * masks email addresses in parameter values. Everything else is left as written.
 *
 * @example
 * ```ts
 * redactUrl('https://cdn.example.com/f.csv?X-Amz-Signature=abc&id=7'); // '...?X-Amz-Signature=[redacted]&id=7'
 * ```
 */
export function redactUrl(url: string): string {
  if (/^https?:\/\/hooks\.slack\.com\/(services|workflows|triggers)\//i.test(url)) {
    return url.replace(/^(https?:\/\/hooks\.slack\.com\/[a-z]+\/).*$/i, `$1${REDACTED}`);
  }
  const hashAt = url.indexOf('#');
  const beforeHash = hashAt < 0 ? url : url.slice(0, hashAt);
  let fragment = hashAt < 0 ? '' : url.slice(hashAt);
  const queryAt = beforeHash.indexOf('?');
  let base = queryAt < 0 ? beforeHash : beforeHash.slice(0, queryAt);
  const query = queryAt < 0 ? '' : `?${redactParams(beforeHash.slice(queryAt + 1))}`;
  base = base.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/:@]*):[^/@]*@/i, `$1:${REDACTED}@`);
  if (fragment.includes('=')) fragment = `#${redactParams(fragment.slice(1))}`;
  return base + query + fragment;
}

/** A webhook URL's path is its secret: keeps only the scheme and host. */
export function redactWebhookUrl(url: string): string {
  const origin = /^([a-z][a-z0-9+.-]*:\/\/[^/?#@]*@?[^/?#]*)/i.exec(url)?.[1];
  return origin ? `${origin.replace(/^([^:]+:\/\/)[^@]*@/, '$1')}/${REDACTED}` : REDACTED;
}

/** Known credential formats; the prefix is kept so an admin can tell which key leaked. */
const TOKEN_PATTERNS: Array<[RegExp, string]> = [
  [/\b((?:sk|rk)_(?:live|test)_)[A-Za-z0-9]{8,}/g, `$1${REDACTED}`],
  [/\b(whsec_)[A-Za-z0-9+/=]{8,}/g, `$1${REDACTED}`],
  [/\b(re_)[A-Za-z0-9]{6,}_[A-Za-z0-9]{12,}\b/g, `$1${REDACTED}`],
  [/\b(re_)(?=[A-Za-z_]*[0-9])[A-Za-z0-9]{20,}\b/g, `$1${REDACTED}`],
  [/\b(xox[abposr]-|xapp-)[A-Za-z0-9-]{10,}/g, `$1${REDACTED}`],
  [/\b(gh[pousr]_|github_pat_)[A-Za-z0-9_]{20,}/g, `$1${REDACTED}`],
  [/\b(AKIA|ASIA)[0-9A-Z]{16}\b/g, `$1${REDACTED}`],
  [/\b(signkey-[a-z]+-)[A-Za-z0-9]{16,}/g, `$1${REDACTED}`],
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g, REDACTED],
  [/\b(Bearer|Basic)\s+(?=[A-Za-z0-9._~+/-]*[0-9=+/])[A-Za-z0-9._~+/=-]{8,}/gi, `$1 ${REDACTED}`],
];

/** `password=hunter2`, `api_key: abc` inside free text. */
const ASSIGNMENT =
  /\b([A-Za-z_-]*(?:token|secret|password|passwd|pwd|api[_-]?key|signature|authorization)[A-Za-z_-]*)(["']?\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s&,;]+)/gi;

/** Long random-looking strings (mixed case and digits, 40+ characters) are probably credentials. */
const OPAQUE = /[A-Za-z0-9_+=-]{40,}/g;
const looksRandom = (s: string) => /[a-z]/.test(s) && /[A-Z]/.test(s) && /[0-9]/.test(s);

const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"'`|]+/gi;

/**
 * Removes secrets and personal data from free text before it leaves the process: redacts URLs
 * (see {@link redactUrl}), `name=value` assignments of secrets, known credential formats
 * (`sk_live_…`, `whsec_…`, `re_…`, `xoxb-…`, `ghp_…`, AWS keys, JWTs, `Bearer …`) and long opaque
 * strings, then masks email addresses. Idempotent: redacting twice changes nothing more.
 *
 * @example
 * ```ts
 * redactText('Send to jane@example.com failed with key sk_live_51Habc123'); // 'Send to j***@example.com failed with key sk_live_[redacted]'
 * ```
 */
export function redactText(text: string): string {
  let out = text.replace(URL_IN_TEXT, (match) => {
    const trail = /[.,;:!?)\]}]+$/.exec(match)?.[0] ?? '';
    return redactUrl(match.slice(0, match.length - trail.length)) + trail;
  });
  for (const [pattern, replacement] of TOKEN_PATTERNS) out = out.replace(pattern, replacement);
  out = out.replace(ASSIGNMENT, (whole, name: string, sep: string, value: string) =>
    value.replace(/["']/g, '').endsWith(REDACTED) ? whole : `${name}${sep}${REDACTED}`,
  );
  out = out.replace(OPAQUE, (match) => (looksRandom(match) ? REDACTED : match));
  return maskEmails(out);
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

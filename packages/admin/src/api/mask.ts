/** What a masked value is replaced with. */
export const MASK = '[masked]';

/** Words in a field name that mark its value as a secret (matched against the name's words). */
const SECRET_WORDS = new Set([
  'token',
  'secret',
  'password',
  'passwd',
  'pwd',
  'passphrase',
  'signature',
  'sig',
  'authorization',
  'auth',
  'cookie',
  'credential',
  'credentials',
  'apikey',
  'jwt',
  'bearer',
  'otp',
  'cvc',
  'cvv',
  'iban',
  'ssn',
]);
/** A `…Key` is a secret (apiKey, secretKey, privateKey, key) unless it is one of these kinds of key. */
const HARMLESS_KEY_PREFIXES = new Set([
  'idempotency',
  'dedupe',
  'cache',
  'object',
  'storage',
  'sort',
  'partition',
  'primary',
  'foreign',
  'public',
  'throttle',
]);
/** Query parameters that make a URL a signed or credential-bearing URL. */
const SIGNING_PARAMS = new Set([
  'token',
  'access_token',
  'refresh_token',
  'id_token',
  'sig',
  'signature',
  'x-amz-signature',
  'x-amz-credential',
  'x-amz-security-token',
  'x-goog-signature',
  'x-goog-credential',
  'key',
  'apikey',
  'api_key',
  'auth',
  'secret',
  'password',
  'code',
]);
/** Value prefixes of well-known API keys and secrets (Stripe, Resend, Slack, GitHub, webhook secrets). */
const SECRET_PREFIXES =
  /^(sk_live_|sk_test_|rk_live_|rk_test_|whsec_|re_[A-Za-z0-9]{8,}_|xox[abprs]-|ghp_|github_pat_|Bearer\s)/;
const JWT = /^eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi;

/** The words of a field name: `apiKey`, `api_key`, `api-key`, `APIKey` → `['api', 'key']`. */
function words(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** True when a field with this name probably holds a secret. */
export function isSecretKey(key: string): boolean {
  const parts = words(key);
  if (parts.some((part) => SECRET_WORDS.has(part))) return true;
  if (SECRET_WORDS.has(parts.join(''))) return true; // "apikey", "APIKEY"
  const keyAt = parts.lastIndexOf('key');
  if (keyAt < 0) return false;
  return keyAt === 0 || !HARMLESS_KEY_PREFIXES.has(parts[keyAt - 1]!);
}

function isSignedUrl(url: URL): boolean {
  const names = [...url.searchParams.keys()].map((name) => name.toLowerCase());
  if (names.some((name) => SIGNING_PARAMS.has(name))) return true;
  return (
    names.includes('expires') &&
    names.some((name) => name.includes('signature') || name === 'key-pair-id' || name === 'policy')
  );
}

/** Masks the query of signed URLs and the password of URLs with credentials inside a string. */
function maskString(text: string): string {
  if (SECRET_PREFIXES.test(text) || JWT.test(text)) return MASK;
  return text.replace(URL_IN_TEXT, (candidate) => {
    let url: URL;
    try {
      url = new URL(candidate);
    } catch {
      return candidate;
    }
    const hasPassword = url.password !== '';
    if (hasPassword) url.password = 'masked';
    if (isSignedUrl(url)) {
      url.search = '';
      url.hash = '';
      return `${url.toString()}?${MASK}`;
    }
    return hasPassword ? url.toString() : candidate;
  });
}

/** A value with secrets masked, and the paths that were masked. */
export interface Masked<T> {
  /** A copy of the input with secrets replaced by {@link MASK}. */
  value: T;
  /** Dotted paths of masked values (`payload.apiKey`, `payload.links.0`). */
  paths: string[];
}

/**
 * Masks what looks secret in a JSON-like value: values of fields whose names look like secrets (token,
 * secret, password, key, signature, authorization, ...), and inside every string, signed URLs (their
 * query becomes `[masked]`), URL passwords, JWTs and well-known API key formats. Returns a copy; the
 * input is not changed. Masking is a best effort for display: it does not make a payload safe to publish.
 *
 * @example
 * ```ts
 * maskSecrets({ apiKey: 'sk_live_1', url: 'https://s3/x?X-Amz-Signature=ab' }, 'payload').value;
 * // { apiKey: '[masked]', url: 'https://s3/x?[masked]' }
 * ```
 */
export function maskSecrets<T>(value: T, path = ''): Masked<T> {
  const paths: string[] = [];
  const seen = new WeakSet<object>();
  const join = (base: string, key: string | number) => (base === '' ? String(key) : `${base}.${key}`);
  const visit = (current: unknown, at: string, depth: number): unknown => {
    if (typeof current === 'string') {
      const masked = maskString(current);
      if (masked !== current) paths.push(at);
      return masked;
    }
    if (current === null || typeof current !== 'object') return current;
    if (seen.has(current) || depth > 32) return '[too deep]';
    seen.add(current);
    if (Array.isArray(current)) return current.map((item, index) => visit(item, join(at, index), depth + 1));
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(current)) {
      if (isSecretKey(key) && inner !== null && inner !== undefined && inner !== '') {
        out[key] = MASK;
        paths.push(join(at, key));
      } else {
        out[key] = visit(inner, join(at, key), depth + 1);
      }
    }
    return out;
  };
  return { value: visit(value, path, 0) as T, paths };
}

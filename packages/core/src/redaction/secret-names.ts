/**
 * Words that make a field name or URL parameter secret, matched as whole words of the name
 * (`apiKey`, `api_key`, `API-KEY` → `api`, `key`). The union of what the dashboard masked and what the
 * Slack alerter redacted: credentials, signatures, card and bank data, government ids.
 */
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
  'dsn',
  'privatekey',
  'accesskey',
  'secretkey',
  'signingkey',
  'cvc',
  'cvv',
  'iban',
  'ssn',
]);

/** `key` is a secret unless the word before it says what kind of (non-secret) key it is. */
const HARMLESS_KEY_QUALIFIERS = new Set([
  'idempotency',
  'dedupe',
  'dedup',
  'cache',
  'object',
  'storage',
  'sort',
  'partition',
  'primary',
  'foreign',
  'public',
  'throttle',
  'event',
  'row',
  'lookup',
  'group',
  'map',
  'routing',
  'business',
]);

/** The words of a name: `apiKey`, `api_key`, `api-key`, `APIKey` → `['api', 'key']`. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/**
 * True when a field (or URL parameter) with this name probably holds a secret: `token`, `apiKey`,
 * `STRIPE_SECRET_KEY`, `x-amz-signature`, `cookie`, `cvv`, `iban`, `sentryDsn`, a bare `key`… but not
 * `idempotencyKey`, `dedupeKey` or `publicKey`, which name keys that are not secrets.
 *
 * @category Redaction
 * @example
 * ```ts
 * isSecretKey('stripeApiKey'); // true
 * isSecretKey('idempotencyKey'); // false
 * ```
 */
export function isSecretKey(name: string): boolean {
  const parts = nameWords(name);
  if (SECRET_WORDS.has(parts.join(''))) return true; // "apikey", "APIKEY", "private_key"
  return parts.some(
    (word, index) =>
      SECRET_WORDS.has(word) || (word === 'key' && !HARMLESS_KEY_QUALIFIERS.has(parts[index - 1] ?? '')),
  );
}

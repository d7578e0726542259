const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;

/**
 * Masks every email address in `text`, keeping the first character and the domain (enough to tell
 * customers apart in a dashboard or an alert): `jane.doe@example.com` → `j***@example.com`. Idempotent.
 *
 * @category Redaction
 * @example
 * ```ts
 * maskEmails('to jane.doe@example.com'); // 'to j***@example.com'
 * ```
 */
export function maskEmails(text: string): string {
  return text.replace(EMAIL, (email) => `${email[0]}***${email.slice(email.indexOf('@'))}`);
}

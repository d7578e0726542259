import { REDACTED } from './placeholder';
import { redactText, URL_IN_TEXT } from './redact-text';
import { isSignedUrl } from './redact-url';
import { isSecretKey } from './secret-names';

/** A value with its secrets and personal data redacted, and where. */
export interface Redacted<T> {
  /** A copy of the input; the input is not changed. */
  value: T;
  /** Dotted paths of the values that were changed (`payload.apiKey`, `payload.links.0`). */
  paths: string[];
}

/** Options of {@link redactValue}. */
export interface RedactValueOptions {
  /** Prefix of the reported paths, e.g. `payload`. */
  path?: string;
  /** What a secret is replaced with; default {@link REDACTED}. */
  placeholder?: string;
}

/** In a structured value a signed URL loses its whole query, not only the secret parameters. */
function redactString(text: string, placeholder: string): string {
  const withoutSignedQueries = text.replace(URL_IN_TEXT, (candidate) => {
    const trail = /[.,;:!?)\]}]+$/.exec(candidate)?.[0] ?? '';
    const url = candidate.slice(0, candidate.length - trail.length);
    if (!isSignedUrl(url)) return candidate;
    return `${url.slice(0, url.indexOf('?'))}?${placeholder}${trail}`;
  });
  return redactText(withoutSignedQueries, placeholder);
}

/**
 * The one redaction policy for structured data (operation payloads, results, errors shown in the
 * dashboard or sent in alerts): the value of every field whose name looks secret ({@link isSecretKey})
 * becomes the placeholder; every string goes through {@link redactText} (credentials, URL passwords,
 * email addresses), and a signed URL's whole query is replaced. Empty and null secret fields are kept as
 * they are (nothing to hide). Cycles and nesting deeper than 32 become `'[too deep]'`.
 *
 * @category Redaction
 * @example
 * ```ts
 * redactValue({ email: 'ada@example.com', cvv: '123', url: 'https://s3/x?X-Amz-Signature=ab' }, { path: 'payload' });
 * // value: { email: 'a***@example.com', cvv: '[redacted]', url: 'https://s3/x?[redacted]' }
 * // paths: ['payload.email', 'payload.cvv', 'payload.url']
 * ```
 */
export function redactValue<T>(value: T, options: RedactValueOptions = {}): Redacted<T> {
  const placeholder = options.placeholder ?? REDACTED;
  const paths: string[] = [];
  const seen = new WeakSet<object>();
  const join = (base: string, key: string | number) => (base === '' ? String(key) : `${base}.${key}`);
  const visit = (current: unknown, at: string, depth: number): unknown => {
    if (typeof current === 'string') {
      const redacted = redactString(current, placeholder);
      if (redacted !== current) paths.push(at);
      return redacted;
    }
    if (current === null || typeof current !== 'object') return current;
    if (seen.has(current) || depth > 32) return '[too deep]';
    seen.add(current);
    if (Array.isArray(current)) return current.map((item, index) => visit(item, join(at, index), depth + 1));
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(current)) {
      if (isSecretKey(key) && inner !== null && inner !== undefined && inner !== '') {
        out[key] = placeholder;
        paths.push(join(at, key));
      } else {
        out[key] = visit(inner, join(at, key), depth + 1);
      }
    }
    return out;
  };
  return { value: visit(value, options.path ?? '', 0) as T, paths };
}

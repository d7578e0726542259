import { maskEmails } from './emails';
import { REDACTED } from './placeholder';
import { isSecretKey } from './secret-names';

/** URL parameters that carry secrets but whose names are too generic to treat as secret field names. */
const URL_ONLY_SECRETS = new Set(['code', 'policy', 'key-pair-id']);

/** True when a URL parameter named `name` (already decoded) carries a secret. */
export function isSecretParam(name: string): boolean {
  return isSecretKey(name) || URL_ONLY_SECRETS.has(name.toLowerCase());
}

function decodedName(name: string): string {
  try {
    return decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    return name;
  }
}

function redactParams(params: string, placeholder: string): string {
  return params
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      const name = pair.slice(0, eq);
      if (isSecretParam(decodedName(name))) return `${name}=${placeholder}`;
      return `${name}=${maskEmails(pair.slice(eq + 1).replace(/%40/gi, '@'))}`;
    })
    .join('&');
}

/** True when a URL's query makes it a signed or credential-bearing URL (S3, CloudFront, GCS, SAS, tokens). */
export function isSignedUrl(url: string): boolean {
  const queryAt = url.indexOf('?');
  if (queryAt < 0) return false;
  const names = url
    .slice(queryAt + 1)
    .split('#')[0]!
    .split('&')
    .map((pair) => decodedName(pair.split('=')[0] ?? '').toLowerCase());
  if (names.some(isSecretParam)) return true;
  return names.includes('expires') && names.some((name) => name.includes('signature'));
}

/**
 * Redacts the secrets a URL can carry: secret query (and fragment) parameters (`token`, `sig`,
 * `X-Amz-Signature`, `api_key`, …), a password in the user info, the secret path of a Slack webhook;
 * masks email addresses in parameter values. Everything else is left as written.
 *
 * @category Redaction
 * @example
 * ```ts
 * redactUrl('https://cdn.example.com/f.csv?X-Amz-Signature=abc&id=7'); // '…?X-Amz-Signature=[redacted]&id=7'
 * ```
 */
export function redactUrl(url: string, placeholder: string = REDACTED): string {
  if (/^https?:\/\/hooks\.slack\.com\/(services|workflows|triggers)\//i.test(url)) {
    return url.replace(/^(https?:\/\/hooks\.slack\.com\/[a-z]+\/).*$/i, `$1${placeholder}`);
  }
  const hashAt = url.indexOf('#');
  const beforeHash = hashAt < 0 ? url : url.slice(0, hashAt);
  let fragment = hashAt < 0 ? '' : url.slice(hashAt);
  const queryAt = beforeHash.indexOf('?');
  let base = queryAt < 0 ? beforeHash : beforeHash.slice(0, queryAt);
  const query = queryAt < 0 ? '' : `?${redactParams(beforeHash.slice(queryAt + 1), placeholder)}`;
  base = base.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/:@]*):[^/@]*@/i, `$1:${placeholder}@`);
  if (fragment.includes('=')) fragment = `#${redactParams(fragment.slice(1), placeholder)}`;
  return base + query + fragment;
}

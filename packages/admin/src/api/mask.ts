import { redactValue } from '@lifeline/core';

/**
 * The dashboard's masking is core's one redaction policy (`redactValue`, shared with the Slack alerter:
 * secret-named fields, credentials, signed URLs, URL passwords, customer emails), shown with this label.
 */
export { isSecretKey } from '@lifeline/core';

/** What a masked value is replaced with in the dashboard. */
export const MASK = '[masked]';

/** A value with secrets masked, and the paths that were masked. */
export interface Masked<T> {
  /** A copy of the input with secrets replaced by {@link MASK} and emails masked. */
  value: T;
  /** Dotted paths of masked values (`payload.apiKey`, `payload.links.0`). */
  paths: string[];
}

/**
 * Masks what looks secret or personal in a JSON-like value with core's `redactValue`, labelled
 * {@link MASK}. Returns a copy; the input is not changed. Masking is a best effort for display: it does
 * not make a payload safe to publish.
 *
 * @example
 * ```ts
 * maskSecrets({ apiKey: 'sk_live_1', url: 'https://s3/x?X-Amz-Signature=ab' }, 'payload').value;
 * // { apiKey: '[masked]', url: 'https://s3/x?[masked]' }
 * ```
 */
export function maskSecrets<T>(value: T, path = ''): Masked<T> {
  return redactValue(value, { path, placeholder: MASK });
}

/**
 * What a redacted secret is replaced with, unless the caller picks its own placeholder.
 *
 * @category Redaction
 */
export const REDACTED = '[redacted]';

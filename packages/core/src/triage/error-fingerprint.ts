import { createHash } from 'node:crypto';

const MASKS: readonly [RegExp, string][] = [
  [/\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi, '<url>'],
  [/[^\s@"'<>(),;:]+@[^\s@"'<>(),;:]+\.[a-z]{2,}/gi, '<email>'],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<id>'],
  // Identifiers that contain a digit (p_123, evt_1a2b, cs_test_a1B2, 0x1f…): one mask for all of them.
  [/\b(?=[\w-]*\d)(?=[\w-]*[a-z])[\w-]{3,}\b/gi, '<id>'],
  [/-?\b\d+(?:[.,]\d+)*\b/g, '<n>'],
];

/**
 * The error's message with the parts that differ between occurrences of one failure masked: urls → `<url>`,
 * emails → `<email>`, uuids and identifiers containing digits → `<id>`, numbers → `<n>`; whitespace collapsed.
 *
 * @example
 * ```ts
 * maskErrorMessage('timeout after 3000 ms sending to ada@example.com'); // 'timeout after <n> ms sending to <email>'
 * ```
 */
export function maskErrorMessage(message: string): string {
  let masked = message;
  for (const [pattern, replacement] of MASKS) masked = masked.replace(pattern, replacement);
  return masked.replace(/\s+/g, ' ').trim().slice(0, 500);
}

/**
 * The fingerprint dead letters are grouped by: `fp_` and 16 hex digits of a SHA-256 over the trimmed error name
 * and the masked, lower-cased message. The same failure for different customers, amounts or ids gives the same
 * fingerprint; a different error name or wording gives another. Stores compute it once, when they record.
 *
 * @example
 * ```ts
 * errorFingerprint({ name: 'Error', message: 'HTTP 503 for p_1' }) ===
 *   errorFingerprint({ name: 'Error', message: 'HTTP 502 for p_2' }); // true
 * ```
 */
export function errorFingerprint(error: { name: string; message: string }): string {
  const basis = `${error.name.trim()}\n${maskErrorMessage(error.message).toLowerCase()}`;
  return `fp_${createHash('sha256').update(basis).digest('hex').slice(0, 16)}`;
}

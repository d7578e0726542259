/**
 * `@lifeline/core/adapter`: what authors of stores, queues, mailers and alerters need beyond the
 * contracts, so every implementation accepts the same inputs, pages with the same cursors, buckets
 * health the same way and plans retries like the in-process queue. Apps never need this entry.
 *
 * ```ts
 * import type { DeadLetterStore } from '@lifeline/core';
 * import { listOptionsSchema, parseOrThrow } from '@lifeline/core/adapter';
 *
 * async function list(options: unknown) {
 *   const { cursor, limit = 50 } = parseOrThrow(listOptionsSchema, 'dead-letter list options', options);
 *   return { cursor, limit };
 * }
 * ```
 *
 * Run the matching conformance suite of `@lifeline/testing` against the implementation.
 *
 * @module
 */

// Where a new export goes: see ./index.ts (this entry is for adapter authors only; keep lists sorted).

// Clocks
export { sleepOn } from './clock/sleep-on';
// Dead letters: input validation, the keyset cursor, the status machine
// Triage: search text, error fingerprints, redrive leases, alerts, incidents and bulk jobs
export { DEAD_LETTER_TRANSITIONS, REDRIVE_LEASE_EXPIRED_NOTE } from './contracts/dead-letter-store';
// Operation log: summaries and the health histogram
export { emptyKindSummary } from './contracts/operation-log';
// HTTP handlers: request bodies read once, within a size limit (webhook receivers)
export { type BodyReadResult, readBodyWithLimit } from './http/read-body-with-limit';
// Idempotency keys and claims
export { fingerprint, stableStringify } from './idempotency/fingerprint';
export {
  type IdempotencyOptions,
  type IdempotentRun,
  runIdempotently,
  UNSPECIFIED_FINGERPRINT,
} from './idempotency/run-idempotently';
export {
  abortSchema,
  bulkItemSchema,
  emptyOutcomeCounts,
  finishSchema,
  itemListSchema,
  jobListSchema,
  leaseSchema,
  newBulkJobSchema,
} from './memory/bulk-job-schemas';
export {
  type CursorPosition,
  compareNewestFirst,
  decodeCursor,
  encodeCursor,
} from './memory/dead-letter-cursor';
export {
  filterSchema,
  listOptionsSchema,
  newDeadLetterSchema,
  parseOrThrow,
  transitionRequestSchema,
} from './memory/dead-letter-schemas';
export { emptyOutcomeBuckets, MAX_HISTOGRAM_BUCKETS, planHistogram } from './memory/histogram-buckets';
export { fingerprintSchema, incidentUpdateSchema } from './memory/incident-schemas';
export { alertFilterSchema, alertListSchema, alertRecordSchema } from './memory/memory-alert-store';
export { percentile95, summarizeAttempts } from './memory/operation-summary';
export { e164Schema, sendSmsOptionsSchema, smsMessageSchema } from './memory/sms-schemas';
// Retry planning, for queues that schedule attempts themselves
export {
  BACKOFF_DEFAULTS,
  backoffDelay,
  backoffOptionsSchema,
  resolveBackoff,
} from './retry/backoff';
export { parseRetryAfter } from './retry/http-details';
export {
  type AttemptPlan,
  type PlanNextAttemptInput,
  planNextAttempt,
  type ResolvedRetryPolicy,
  resolveRetryPolicy,
  retryPolicySchema,
} from './retry/retry-policy';
export { describeError, serializeError } from './retry/serialize-error';
export { type RunWithTimeoutOptions, runWithTimeout } from './retry/with-timeout';
export { bulkJobRequestSchema } from './triage/bulk-job-request';
export { errorFingerprint, maskErrorMessage } from './triage/error-fingerprint';
export { deadLetterSearchText, normalizeSearch } from './triage/search-text';

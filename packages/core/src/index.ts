/**
 * `@lifeline/core`: no silent failures for the side effects of a TypeScript app.
 *
 * Contracts (queue, dead-letter store, idempotency store, operation log, mailer, SMS sender, alerter), the
 * `retry` and `idempotent` helpers, throttling, clocks, the operation runtime, health metrics,
 * and in-memory implementations of everything.
 *
 * ```sh
 * npm install @lifeline/core zod
 * ```
 *
 * ```ts
 * import { createLifeline, defineOperation } from '@lifeline/core';
 * import { z } from 'zod';
 *
 * const sendReceipt = defineOperation({
 *   name: 'purchase/email.send',
 *   kind: 'email',
 *   schema: z.object({ purchaseId: z.string(), email: z.email() }),
 *   idempotencyKey: (d) => `receipt:${d.purchaseId}`,
 *   run: (d, ctx) => ctx.mailer.send({ to: d.email, subject: 'Your receipt', text: 'Thanks!' }, { idempotencyKey: ctx.idempotencyKey }),
 * });
 * const lifeline = createLifeline({ operations: [sendReceipt], mailer });
 * await lifeline.send(sendReceipt, { purchaseId: 'p_1', email: 'ada@example.com' });
 * ```
 *
 * @module
 */
// The public API, by name. Where a new export goes (keep each list sorted):
// - what an app uses (define, run, configure, observe, test its own code) → here, in its section;
// - what only an adapter author needs (input schemas, cursor codec, histogram plan, retry planning,
//   error description) → ./adapter.ts (`@lifeline/core/adapter`);
// - a helper only core uses → no export, and the TSDoc "internal" tag in its doc comment (stripped from the types).
// Categories on the API site come from the folder (typedoc.json: scripts/typedoc-categories.mjs).

// Clocks and randomness
export type { CancelTimer, Clock } from './clock/clock';
export { systemClock } from './clock/system-clock';
export { type VirtualClock, virtualClock } from './clock/virtual-clock';
// Triage (search, grouping, incidents, bulk jobs), durable alerts, cancel and store outages
export type {
  AlertFilter,
  AlertListOptions,
  AlertPage,
  AlertRecord,
  AlertStore,
  NewAlertRecord,
} from './contracts/alert-store';
// Contracts
export type { Alert, Alerter, AlertSeverity } from './contracts/alerter';
export type {
  BulkItemOutcome,
  BulkJob,
  BulkJobAction,
  BulkJobItem,
  BulkJobItemPage,
  BulkJobListOptions,
  BulkJobStatus,
  BulkJobStore,
  BulkOutcomeCounts,
  NewBulkJob,
} from './contracts/bulk-job-store';
export type {
  DeadLetter,
  DeadLetterErrorGroup,
  DeadLetterFilter,
  DeadLetterGroupOptions,
  DeadLetterListOptions,
  DeadLetterPage,
  DeadLetterStatus,
  DeadLetterStatusCounts,
  DeadLetterStore,
  DeadLetterTransition,
  DeadLetterTransitionRequest,
  NewDeadLetter,
} from './contracts/dead-letter-store';
export type { ClaimResult, IdempotencyRecord, IdempotencyStore } from './contracts/idempotency-store';
export type {
  IncidentChange,
  IncidentState,
  IncidentStatus,
  IncidentStore,
  IncidentUpdate,
} from './contracts/incident-store';
export type { Logger } from './contracts/logger';
export type { EmailMessage, Mailer, SendEmailOptions, SentEmail } from './contracts/mailer';
export type { MaybePromise } from './contracts/maybe-promise';
export { OPERATION_KINDS, type OperationKind } from './contracts/operation-kind';
export type {
  AttemptOutcome,
  AttemptQuery,
  AttemptRecord,
  KindSummary,
  OperationLog,
  OperationLogSummary,
  OutcomeBucket,
} from './contracts/operation-log';
export type {
  AttemptResult,
  CancelResult,
  Queue,
  QueueContext,
  QueueDrainReport,
  QueuedEvent,
  QueueWorker,
} from './contracts/queue';
export type { SerializedError } from './contracts/serialized-error';
export type { SendSmsOptions, SentSms, SmsMessage, SmsSender } from './contracts/sms-sender';
export type { ThrottleStore } from './contracts/throttle-store';
// Errors
export {
  IdempotencyInProgressError,
  IdempotencyMismatchError,
  isIdempotencyInProgressError,
  isIdempotencyMismatchError,
} from './errors/idempotency-errors';
export {
  isLifelineError,
  LifelineError,
  type LifelineErrorCode,
  type LifelineErrorOptions,
} from './errors/lifeline-error';
export { isPermanentError, PermanentError } from './errors/permanent-error';
export { isRetryAfterError, RetryAfterError } from './errors/retry-after-error';
export {
  ConfigurationError,
  InvalidTransitionError,
  isConfigurationError,
  isInvalidTransitionError,
  isNotFoundError,
  isQueueRefusedError,
  isTimeoutError,
  NotFoundError,
  QueueRefusedError,
  TimeoutError,
} from './errors/state-errors';
export {
  isStoreUnavailableError,
  type PendingCompletion,
  type StoreName,
  StoreUnavailableError,
} from './errors/store-unavailable-error';
export { isValidationError, ValidationError, type ValidationIssue } from './errors/validation-error';
// Health
export { computeHealth } from './health/compute-health';
export { DEFAULT_HEALTH_TARGETS } from './health/default-targets';
export { healthMonitor } from './health/health-monitor';
export type {
  HealthMetric,
  HealthMetricId,
  HealthOptions,
  HealthReport,
  HealthStatus,
  HealthTargets,
  MetricThreshold,
} from './health/health-types';
// Idempotency
export { idempotent } from './idempotency/idempotent';
// In-memory implementations, console alerter and loggers
export { consoleAlerter } from './memory/console-alerter';
export { type ConsoleLoggerOptions, consoleLogger, type LogLevel, silentLogger } from './memory/logger';
export { memoryAlertStore } from './memory/memory-alert-store';
export { type MemoryAlerter, memoryAlerter } from './memory/memory-alerter';
export { memoryBulkJobStore } from './memory/memory-bulk-job-store';
export {
  type MemoryDeadLetterStoreOptions,
  memoryDeadLetterStore,
} from './memory/memory-dead-letter-store';
export type { MemoryIdempotencyStoreOptions } from './memory/memory-idempotency-store';
export { memoryIdempotencyStore } from './memory/memory-idempotency-store';
export { memoryIncidentStore } from './memory/memory-incident-store';
export { type DeliveredEmail, type MemoryMailer, memoryMailer } from './memory/memory-mailer';
export type { MemoryOperationLogOptions } from './memory/memory-operation-log';
export { memoryOperationLog } from './memory/memory-operation-log';
export { type DeliveredSms, type MemorySmsSender, memorySmsSender } from './memory/memory-sms-sender';
export { memoryThrottleStore } from './memory/memory-throttle-store';
export { seededRandom } from './random/seeded-random';
// Redaction
export { maskEmails } from './redaction/emails';
export { REDACTED } from './redaction/placeholder';
export { redactText } from './redaction/redact-text';
export { isSignedUrl, redactUrl } from './redaction/redact-url';
export { type Redacted, type RedactValueOptions, redactValue } from './redaction/redact-value';
export { isSecretKey } from './redaction/secret-names';
export type { BackoffOptions } from './retry/backoff';
// Retries and error classification
export type { ErrorClassification } from './retry/classification';
export { type ClassifyErrorOptions, classifyError, isRetryable } from './retry/classify-error';
export { type AttemptContext, type FailedAttemptInfo, type RetryOptions, retry } from './retry/retry';
export type { RetryPolicy } from './retry/retry-policy';
export type { AdminActions, BulkRequest, RedriveOptions } from './runtime/admin-actions';
export { DEFAULT_REDRIVE_LEASE_MS } from './runtime/admin-actions';
// Runtime: operations and the Lifeline
export { createLifeline } from './runtime/create-lifeline';
export {
  type AnyOperation,
  defineOperation,
  OPERATION_NEEDS,
  type Operation,
  type OperationData,
  type OperationDefinition,
  type OperationInput,
  type OperationNeed,
  type OperationThrottle,
} from './runtime/define-operation';
export type { UnsavedLogRows } from './runtime/held-operation-log';
export type { LifelineHooks } from './runtime/hooks';
export { type InProcessQueueOptions, inProcessQueue } from './runtime/in-process-queue';
export type { LifelineInstrumentation } from './runtime/instrumentation';
export type {
  AdminAction,
  BulkItemResult,
  Lifeline,
  LifelineDrainReport,
  LifelineOptions,
  RedriveResult,
} from './runtime/lifeline-types';
export type { OperationContext } from './runtime/operation-context';
export type { SendOptions, SendReceipt } from './runtime/send-options';
// Throttling
export { createThrottle, type Throttle, type ThrottleRule } from './throttle/throttle';
export type { BulkJobRequest } from './triage/bulk-job-request';
export type { BulkJobs } from './triage/bulk-job-runner';
export type { Incident, Incidents } from './triage/incidents';

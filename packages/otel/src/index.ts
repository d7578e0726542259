/**
 * `@lifeline/otel`: OpenTelemetry spans and metrics for Lifeline, on the messaging semantic conventions.
 *
 * `send {operation}` (PRODUCER) and `process {operation}` (CONSUMER) spans, one trace from the request that
 * sent the work to every attempt that ran it (the W3C trace context travels inside the queued event, through
 * the in-process queue, `postgresQueue` and Inngest), a redrive linked to the work it redrives, and metrics
 * for throughput, attempt duration, time to success and open dead letters. Depends only on `@opentelemetry/api`.
 *
 * ```sh
 * npm install @lifeline/core @lifeline/otel @opentelemetry/api
 * ```
 *
 * ```ts
 * import { createLifeline } from '@lifeline/core';
 * import { lifelineOtel } from '@lifeline/otel';
 *
 * // Spans and metrics go to the SDK your app registered (NodeSDK, or a provider passed here).
 * const otel = lifelineOtel();
 * const lifeline = createLifeline({ operations: [sendReceipt], mailer, instrumentation: otel });
 * otel.observeDeadLetters(lifeline.deadLetters); // lifeline.dead_letters.open
 * ```
 *
 * @module
 */
export { ATTR, MESSAGING_SYSTEM, METRIC, type SpanOutcome } from './attributes';
export { errorTypeOf } from './error-type';
export { type LifelineOtel, type LifelineOtelOptions, lifelineOtel } from './lifeline-otel';
export { carrierOf, spanContextOf } from './trace-context-carrier';

import type { AttemptResult, QueuedEvent } from '../contracts/queue';

/**
 * A tracing/metrics layer plugged into `createLifeline({ instrumentation })`, e.g. `lifelineOtel()` from
 * `@lifeline/otel`. Core knows nothing of OpenTelemetry: it only hands the two moments that matter to this
 * object. Without one, the runtime adds no closure, promise or allocation per event.
 *
 * Contract for implementations:
 * - `wrapSend` is called by `lifeline.send` (and `ctx.send`) for each new event. It may set
 *   `event.traceContext` (a W3C `traceparent`/`tracestate` carrier) before it calls `enqueue`, must call
 *   `enqueue` exactly once, and must settle as `enqueue` settles (rethrowing its error). Redrives do not pass
 *   here: they carry the trace context of the work they redrive.
 * - `wrapAttempt` is called for every attempt a queue runs (`worker.runAttempt`). It must call `run` exactly
 *   once and return its result; whatever context it makes active around `run` stays active while the
 *   operation runs, so spans the operation makes (e.g. an HTTP call to the mail provider) nest under it.
 *   `run` never throws.
 */
export interface LifelineInstrumentation {
  /** Wraps the enqueue of one new event; may set `event.traceContext` first. Settles as `enqueue` does. */
  wrapSend(event: QueuedEvent, enqueue: () => Promise<void>): Promise<void>;
  /** Wraps one attempt of `event` (number `attempt`, 1-based); returns what `run` returned. */
  wrapAttempt(event: QueuedEvent, attempt: number, run: () => Promise<AttemptResult>): Promise<AttemptResult>;
}

/**
 * The trace context a dead letter kept of the work that failed (`meta.traceContext`), when it is a carrier
 * of strings; undefined otherwise. A redrive carries it, so its instrumentation can link to the original.
 */
export function traceContextOf(
  meta: Record<string, unknown> | undefined,
): Record<string, string> | undefined {
  const value = meta?.traceContext;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const entries = Object.entries(value);
  if (entries.length === 0 || !entries.every(([, v]) => typeof v === 'string')) return undefined;
  return value as Record<string, string>;
}

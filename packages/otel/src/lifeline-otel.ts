import type { AttemptResult, DeadLetterStore, LifelineInstrumentation, QueuedEvent } from '@lifeline/core';
import {
  type Attributes,
  type Context,
  context,
  type Link,
  type MeterProvider,
  metrics,
  ROOT_CONTEXT,
  type Span,
  type SpanContext,
  SpanKind,
  SpanStatusCode,
  type TracerProvider,
  trace,
} from '@opentelemetry/api';
import { ATTR, MESSAGING_SYSTEM, type SpanOutcome } from './attributes';
import { errorAttributes, isWaitingForKey } from './error-type';
import { lifelineMetrics } from './metrics';
import { type OperationAttributes, operationAttributes } from './operation-attributes';
import { carrierOf, spanContextOf } from './trace-context-carrier';

/** Options of {@link lifelineOtel}. */
export interface LifelineOtelOptions {
  /** Where spans go. Default: the global provider (`trace.getTracerProvider()`), a no-op until an SDK registers one. */
  tracerProvider?: TracerProvider;
  /** Where metrics go. Default: the global provider (`metrics.getMeterProvider()`). */
  meterProvider?: MeterProvider;
  /** Counted for `lifeline.dead_letters.open` at each collection; see {@link LifelineOtel.observeDeadLetters}. */
  deadLetters?: DeadLetterStore;
  /** Epoch ms now, on the clock `QueuedEvent.enqueuedAt` is on (the Lifeline's clock). Default: `Date.now`. */
  now?: () => number;
}

/** The instrumentation `createLifeline({ instrumentation })` takes, and a way to add the dead-letter gauge later. */
export interface LifelineOtel extends LifelineInstrumentation {
  /**
   * Reports `lifeline.dead_letters.open` from `store.count({ status: 'open' })` at each metric collection
   * (e.g. `lifeline.deadLetters` when the store is the default in-memory one). Calling it again replaces the store.
   */
  observeDeadLetters(store: DeadLetterStore): void;
}

const INSTRUMENTATION_NAME = '@lifeline/otel';
const INSTRUMENTATION_VERSION = '0.1.0';

/** `fn()` run with `active` as the active context; a synchronous throw becomes a rejection, as in an async function. */
function settled<T>(active: Context, fn: () => Promise<T>): Promise<T> {
  try {
    return context.with(active, fn);
  } catch (error) {
    return Promise.reject(error);
  }
}

/** `lifeline.outcome` of an attempt's result. */
function outcomeOf(result: AttemptResult): SpanOutcome {
  switch (result.status) {
    case 'succeeded':
      return 'succeeded';
    case 'duplicate':
      return 'duplicate';
    case 'retry':
      return result.sameAttempt ? 'deferred' : 'retrying';
    default:
      return 'dead_lettered';
  }
}

/**
 * OpenTelemetry for a Lifeline, following the messaging semantic conventions:
 *
 * - `send {operation}` (PRODUCER) around each `lifeline.send`, child of the active span (the request
 *   that sent it), whose W3C context travels with the event (`QueuedEvent.traceContext`) through every queue.
 * - `process {operation}` (CONSUMER) around each attempt, child of its `send` span, so checkout → webhook
 *   → email is one trace even across processes. It is the active span while the operation runs: spans
 *   the operation makes (an HTTP call to the mail provider) nest under it. A redrive starts a new trace
 *   whose process span LINKS to the original delivery's send span (the dead letter kept its context).
 * - Attributes: `messaging.system=lifeline`, `messaging.operation.type` (`send` | `process`),
 *   `messaging.destination.name` (the operation), `messaging.message.id` (the event id), `lifeline.attempt`,
 *   `messaging.message.conversation_id` (the idempotency key), `lifeline.outcome`, `lifeline.redrive_of`, and on failures `error.type` (see `errorTypeOf`).
 * - Metrics: `messaging.process.duration` (s), `messaging.client.sent.messages`,
 *   `messaging.client.consumed.messages`, `lifeline.operation.time_to_success` (s, first send → success),
 *   `lifeline.dead_letters.open` (gauge, when a dead-letter store is given).
 *
 * Needs only `@opentelemetry/api`: spans and metrics go to whatever SDK the app registered (none: no-ops).
 *
 * @example
 * ```ts
 * const otel = lifelineOtel();
 * const lifeline = createLifeline({ operations: [sendReceipt], mailer, instrumentation: otel });
 * otel.observeDeadLetters(lifeline.deadLetters);
 * ```
 */
export function lifelineOtel(options: LifelineOtelOptions = {}): LifelineOtel {
  const tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer(
    INSTRUMENTATION_NAME,
    INSTRUMENTATION_VERSION,
  );
  const meter = (options.meterProvider ?? metrics.getMeterProvider()).getMeter(
    INSTRUMENTATION_NAME,
    INSTRUMENTATION_VERSION,
  );
  const now = options.now ?? Date.now;
  const instruments = lifelineMetrics(meter);
  /**
   * The send span's context per event object: a queue that hands the same object to the worker (the
   * in-process queue) skips re-reading the carrier. Others (Postgres, Inngest) bring a copy and parse it.
   */
  const sentContexts = new WeakMap<QueuedEvent, SpanContext>();
  if (options.deadLetters) instruments.observeDeadLetters(options.deadLetters);

  /** Span names and metric attribute sets per operation name, made once: no per-event allocation for them. */
  const perOperation = new Map<string, OperationAttributes>();
  function attributesOf(name: string): OperationAttributes {
    let cached = perOperation.get(name);
    if (!cached) {
      cached = operationAttributes(name);
      perOperation.set(name, cached);
    }
    return cached;
  }

  function wrapSend(event: QueuedEvent, enqueue: () => Promise<void>): Promise<void> {
    const names = attributesOf(event.name);
    const parent = context.active();
    const span = tracer.startSpan(
      names.sendSpan,
      {
        kind: SpanKind.PRODUCER,
        attributes: {
          [ATTR.messagingSystem]: MESSAGING_SYSTEM,
          [ATTR.operationType]: 'send',
          [ATTR.operationName]: 'send',
          [ATTR.destinationName]: event.name,
          [ATTR.messageId]: event.id,
          [ATTR.conversationId]: event.idempotencyKey,
          [ATTR.kind]: event.kind,
        },
      },
      parent,
    );
    const spanContext = span.spanContext();
    const carrier = carrierOf(spanContext);
    if (carrier) {
      event.traceContext = carrier;
      sentContexts.set(event, spanContext);
    }
    // Promise handlers rather than an async function: one promise less per send (with AsyncLocalStorage
    // enabled, V8 allocates a promise for each await), and the same result for the caller.
    return settled(trace.setSpan(parent, span), enqueue).then(
      () => {
        try {
          instruments.sent.add(1, names.sent);
        } finally {
          span.end();
        }
      },
      (error: unknown) => {
        try {
          const failure = errorAttributes(error);
          span.setAttributes(failure);
          span.recordException(error instanceof Error ? error : String(error));
          span.setStatus({
            code: SpanStatusCode.ERROR,
            message: error instanceof Error ? error.message : String(error),
          });
          instruments.sent.add(1, { ...names.sent, [ATTR.errorType]: failure[ATTR.errorType] });
        } finally {
          span.end();
        }
        throw error;
      },
    );
  }

  function wrapAttempt(
    event: QueuedEvent,
    attempt: number,
    run: () => Promise<AttemptResult>,
  ): Promise<AttemptResult> {
    const names = attributesOf(event.name);
    // A queue's scheduler runs attempts in whatever async context it happens to carry: start from the root,
    // and take the parent only from the event itself.
    const sender =
      event.traceContext === undefined
        ? undefined
        : (sentContexts.get(event) ?? spanContextOf(event.traceContext));
    const attributes: Attributes = {
      [ATTR.messagingSystem]: MESSAGING_SYSTEM,
      [ATTR.operationType]: 'process',
      [ATTR.operationName]: 'process',
      [ATTR.destinationName]: event.name,
      [ATTR.messageId]: event.id,
      [ATTR.conversationId]: event.idempotencyKey,
      [ATTR.kind]: event.kind,
      [ATTR.attempt]: attempt,
    };
    let parent = ROOT_CONTEXT;
    let span: Span;
    if (sender && event.redriveOf) {
      attributes[ATTR.redriveOf] = event.redriveOf;
      const links: Link[] = [{ context: sender, attributes: { [ATTR.redriveOf]: event.redriveOf } }];
      span = tracer.startSpan(names.processSpan, { kind: SpanKind.CONSUMER, attributes, links }, parent);
    } else {
      if (event.redriveOf) attributes[ATTR.redriveOf] = event.redriveOf;
      if (sender) parent = trace.setSpanContext(ROOT_CONTEXT, sender);
      span = tracer.startSpan(names.processSpan, { kind: SpanKind.CONSUMER, attributes }, parent);
    }
    const started = performance.now();
    return settled(trace.setSpan(parent, span), run).then((result) => {
      const seconds = (performance.now() - started) / 1000;
      const outcome = outcomeOf(result);
      span.setAttribute(ATTR.outcome, outcome);
      let metricAttributes = names.processed[outcome];
      if ((result.status === 'retry' || result.status === 'failed') && !isWaitingForKey(result.error)) {
        const failure = errorAttributes(result.error);
        span.setAttributes(failure);
        span.recordException(result.error instanceof Error ? result.error : String(result.error));
        span.setStatus({
          code: SpanStatusCode.ERROR,
          message: result.error instanceof Error ? result.error.message : String(result.error),
        });
        metricAttributes = { ...metricAttributes, [ATTR.errorType]: failure[ATTR.errorType] };
      }
      span.end();
      instruments.consumed.add(1, metricAttributes);
      instruments.processDuration.record(seconds, metricAttributes);
      if (result.status === 'succeeded') {
        instruments.timeToSuccess.record(Math.max(0, now() - event.enqueuedAt) / 1000, names.succeeded);
      }
      return result;
    });
  }

  return { wrapSend, wrapAttempt, observeDeadLetters: instruments.observeDeadLetters };
}

import type { AttemptRecord, LifelineHooks } from '@lifeline/core';
import { lifelineOtel } from '@lifeline/otel';
import { context, ROOT_CONTEXT, type SpanContext, SpanKind, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type { NewPurchase } from '../app/purchases';

/** What the run's telemetry recorded, for the invariant check (`checkTraces`). */
export interface TraceFacts {
  /** Every finished span of the run. */
  spans: ReadableSpan[];
  /** Per purchase: the trace its checkout request (`POST /api/purchases`) started. */
  checkoutTraces: Map<string, string>;
  /** Attempts the operation log recorded, per operation (from the `onAttempt` hook). */
  attempts: Map<string, number>;
}

/**
 * `--otel`: the real OpenTelemetry SDK (in-memory exporter, always-on sampler, AsyncLocalStorage context)
 * around the shop, the way an app's tracing setup would be:
 *
 * - `POST /api/purchases` is a SERVER span; `placePurchase` enqueues the checkout inside it, so the
 *   checkout's work starts the purchase's trace.
 * - `POST /api/webhooks/stripe` is a SERVER span that continues that trace. Stripe does not forward trace
 *   context, so this stands in for an app that links the webhook to the checkout it pays for (by the
 *   session's `client_reference_id`); the Stripe handler itself is unchanged: it sends inside the active span.
 * - `lifelineOtel()` does the rest: send/process spans, trace context on every job row.
 */
export function simulationTelemetry() {
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const meterProvider = new MeterProvider();
  const tracer = tracerProvider.getTracer('checkout-simulation');
  const checkoutTraces = new Map<string, string>();
  const checkoutContexts = new Map<string, SpanContext>();
  const attempts = new Map<string, number>();

  return {
    instrumentation: lifelineOtel({ tracerProvider, meterProvider }),

    /** Counts logged attempts per operation, then calls the run's own hooks. */
    hooks(inner: LifelineHooks): LifelineHooks {
      return {
        ...inner,
        onAttempt(record: AttemptRecord) {
          attempts.set(record.operation, (attempts.get(record.operation) ?? 0) + 1);
          inner.onAttempt?.(record);
        },
      };
    },

    /** `POST /api/purchases` as a SERVER span around the shop's handler. */
    placePurchase<T>(place: (purchase: NewPurchase) => Promise<T>) {
      return (purchase: NewPurchase): Promise<T> =>
        tracer.startActiveSpan('POST /api/purchases', { kind: SpanKind.SERVER }, async (span) => {
          checkoutTraces.set(purchase.id, span.spanContext().traceId);
          checkoutContexts.set(purchase.id, span.spanContext());
          try {
            return await place(purchase);
          } finally {
            span.end();
          }
        });
    },

    /** `POST /api/webhooks/stripe` as a SERVER span in the trace of the purchase its session pays for. */
    webhookHandler(handle: (request: Request) => Promise<Response>) {
      return async (request: Request): Promise<Response> => {
        const checkout = checkoutContexts.get(await referenceOf(request));
        const parent = checkout ? trace.setSpanContext(ROOT_CONTEXT, checkout) : ROOT_CONTEXT;
        return tracer.startActiveSpan(
          'POST /api/webhooks/stripe',
          { kind: SpanKind.SERVER },
          parent,
          async (span) => {
            try {
              const response = await handle(request);
              span.setAttribute('http.response.status_code', response.status);
              return response;
            } finally {
              span.end();
            }
          },
        );
      };
    },

    /** The run's spans and counts; flushes and shuts the SDK down. */
    async finish(): Promise<TraceFacts> {
      await tracerProvider.forceFlush();
      const spans = exporter.getFinishedSpans();
      await meterProvider.shutdown();
      await tracerProvider.shutdown();
      context.disable();
      return { spans, checkoutTraces, attempts };
    },
  };
}

export type SimulationTelemetry = ReturnType<typeof simulationTelemetry>;

/** The Checkout Session's `client_reference_id` (the purchase id) in a webhook's body, or ''. */
async function referenceOf(request: Request): Promise<string> {
  try {
    const body = JSON.parse(await request.clone().text()) as {
      data?: { object?: { client_reference_id?: unknown } };
    };
    const id = body.data?.object?.client_reference_id;
    return typeof id === 'string' ? id : '';
  } catch {
    return '';
  }
}

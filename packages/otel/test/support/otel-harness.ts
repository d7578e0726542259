import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  AggregationTemporality,
  type DataPoint,
  type Histogram,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';

/**
 * The real OpenTelemetry SDK wired to its in-memory exporters: every span ends up in `spans()`, metrics are
 * exported on `collect()`. Installs the AsyncLocalStorage context manager (what NodeSDK uses), so the active
 * span follows async work exactly as in an app.
 */
export function otelHarness() {
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  const spanExporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spanExporter)] });
  // Global too, as NodeSDK does: spans the operations make themselves (`trace.getTracer`) land here as well.
  trace.setGlobalTracerProvider(tracerProvider);
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({
    exporter: metricExporter,
    exportIntervalMillis: 3_600_000,
  });
  const meterProvider = new MeterProvider({ readers: [reader] });

  /** Exports the metrics now and returns the data points of `name` (cumulative). */
  async function collect(name: string): Promise<DataPoint<number | Histogram>[]> {
    metricExporter.reset();
    await reader.forceFlush();
    const points: DataPoint<number | Histogram>[] = [];
    for (const resource of metricExporter.getMetrics())
      for (const scope of resource.scopeMetrics)
        for (const metric of scope.metrics)
          if (metric.descriptor.name === name)
            points.push(...(metric.dataPoints as DataPoint<number | Histogram>[]));
    return points;
  }

  return {
    tracerProvider,
    meterProvider,
    tracer: tracerProvider.getTracer('test'),
    spans: (): ReadableSpan[] => spanExporter.getFinishedSpans(),
    spansNamed: (name: string): ReadableSpan[] =>
      spanExporter.getFinishedSpans().filter((s) => s.name === name),
    reset: () => spanExporter.reset(),
    collect,
    async shutdown() {
      await meterProvider.shutdown();
      await tracerProvider.shutdown();
      context.disable();
      trace.disable();
    },
  };
}

export type OtelHarness = ReturnType<typeof otelHarness>;

/** The parent span id of a finished span (SDK 2.x keeps it in `parentSpanContext`). */
export const parentOf = (span: ReadableSpan): string | undefined => span.parentSpanContext?.spanId;

/**
 * OpenTelemetry overhead on the in-memory path: the same Lifeline with and without `lifelineOtel`, in one
 * run, interleaved rounds (order alternating), so machine load hits both sides alike.
 *
 *   pnpm run bench      (in packages/otel; ROUNDS, BATCH env vars optional)
 *
 * Both sides: `createLifeline` with the in-process queue (concurrency 10) and in-memory stores, one no-op
 * operation; one timed call = BATCH `lifeline.send`s, then `drain()` (every attempt run). The instrumented
 * side runs the real SDK as an app would: AsyncLocalStorage context manager, `BasicTracerProvider` with the
 * default sampler (parent-based always-on: every span is recorded) and a `BatchSpanProcessor` to an exporter
 * that drops the batch, and a `MeterProvider` whose reader collects (all instruments record). Each event
 * makes a `send` and a `process` span and four metric recordings.
 *
 * A no-op operation is the worst case for the ratio: real work (a mail API call) dwarfs both sides.
 * Goal: ≤ 1.10× the time of the uninstrumented side, from throughput over all rounds.
 */
import { createLifeline, defineOperation, inProcessQueue, type Lifeline, silentLogger } from '@lifeline/core';
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import {
  AlwaysOffSampler,
  BasicTracerProvider,
  BatchSpanProcessor,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import { z } from 'zod';
import { lifelineOtel } from '../src/index';

const ROUNDS = Number(process.env.ROUNDS ?? 20);
const BATCH = Number(process.env.BATCH ?? 2_000);
const WARMUP_ROUNDS = 3;

context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
let exported = 0;
const droppingExporter: SpanExporter = {
  export(spans, done) {
    exported += spans.length;
    done({ code: 0 });
  },
  async shutdown() {},
};
// SAMPLER=off: for diagnosis only (spans made but not recorded), to tell the SDK's recording cost from the wrapper's.
const tracerProvider = new BasicTracerProvider({
  ...(process.env.SAMPLER === 'off' ? { sampler: new AlwaysOffSampler() } : {}),
  spanProcessors: [
    new BatchSpanProcessor(droppingExporter, { maxQueueSize: 65_536, maxExportBatchSize: 4_096 }),
  ],
});
const reader = new PeriodicExportingMetricReader({
  exporter: new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE),
  exportIntervalMillis: 1_000,
});
const meterProvider = new MeterProvider({ readers: [reader] });

const op = defineOperation({
  name: 'bench/noop',
  kind: 'job',
  schema: z.object({ i: z.number() }),
  idempotencyKey: (d) => `noop:${d.i}`,
  run: async () => {},
});

function lifeline(instrumented: boolean): Lifeline {
  return createLifeline({
    operations: [op],
    queue: inProcessQueue({ concurrency: 10 }),
    logger: silentLogger(),
    ...(instrumented
      ? {
          instrumentation: lifelineOtel({
            tracerProvider,
            ...(process.env.METRICS === 'off' ? {} : { meterProvider }),
          }),
        }
      : {}),
  });
}

let next = 0;
/** One timed call: BATCH sends and a drain, on a fresh Lifeline (so stores do not grow across rounds). */
async function batch(instrumented: boolean): Promise<number> {
  const target = lifeline(instrumented);
  const start = process.hrtime.bigint();
  const sends: Promise<unknown>[] = [];
  for (let i = 0; i < BATCH; i++) sends.push(target.send(op, { i: next++ }));
  await Promise.all(sends);
  await target.drain();
  const ns = Number(process.hrtime.bigint() - start);
  await target.close();
  return ns;
}

const totals = { bare: 0, otel: 0 };
for (let round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
  const order: Array<keyof typeof totals> = round % 2 === 0 ? ['bare', 'otel'] : ['otel', 'bare'];
  for (const side of order) {
    const ns = await batch(side === 'otel');
    if (round >= WARMUP_ROUNDS) totals[side] += ns;
  }
}
await tracerProvider.forceFlush();
const events = ROUNDS * BATCH;
const rate = (ns: number) => Math.round(events / (ns / 1e9));
const ratio = totals.otel / totals.bare;
console.log(
  `events per side: ${events.toLocaleString('en-US')} (${ROUNDS} rounds × ${BATCH}), spans exported: ${exported.toLocaleString('en-US')}`,
);
console.log(
  `without instrumentation: ${rate(totals.bare).toLocaleString('en-US')} events/s (${(totals.bare / events / 1000).toFixed(2)} µs/event)`,
);
console.log(
  `with lifelineOtel:       ${rate(totals.otel).toLocaleString('en-US')} events/s (${(totals.otel / events / 1000).toFixed(2)} µs/event)`,
);
console.log(
  `overhead: ${((ratio - 1) * 100).toFixed(1)}% (ratio ${ratio.toFixed(3)}×, goal ≤ 1.10×) → ${ratio <= 1.1 ? 'met' : 'NOT met'}`,
);
await meterProvider.shutdown();
await tracerProvider.shutdown();

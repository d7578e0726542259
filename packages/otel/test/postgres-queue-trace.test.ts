import { PGlite } from '@electric-sql/pglite';
import { createLifeline, memoryMailer, silentLogger } from '@lifeline/core';
import {
  migrate,
  type PostgresQueue,
  pgliteClient,
  postgresDeadLetterStore,
  postgresIdempotencyStore,
  postgresOperationLog,
  postgresQueue,
  type SqlClient,
} from '@lifeline/postgres';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { lifelineOtel } from '../src/index';
import { fulfilOperation, receiptOperation, type Script } from './support/operations';
import { otelHarness, parentOf } from './support/otel-harness';

const otel = otelHarness();
let db: PGlite;
let sql: SqlClient;
const schema = 'otel_trace';
beforeAll(async () => {
  db = await PGlite.create();
  sql = pgliteClient(db);
  await migrate(sql, { schema });
});
afterAll(async () => {
  await db?.close();
  await otel.shutdown();
});

/** Polls until a span of that name has ended (the worker picks jobs up by polling every 20 ms). */
async function waitForSpan(name: string, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (otel.spansNamed(name).length === 0) {
    if (Date.now() > deadline) throw new Error(`no span "${name}" within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

let queues = 0;
/** A Lifeline on PGlite: the postgresQueue (producer-only when `consume` is false) and Postgres stores. */
function lifelineOnPglite(name: string, scripts: Map<string, Script>, consume = true) {
  const receipt = receiptOperation(scripts);
  const fulfil = fulfilOperation(receipt);
  const lifeline = createLifeline({
    operations: [receipt, fulfil],
    queue: postgresQueue({ sql, schema, name, pollMs: 20, consume }),
    deadLetters: postgresDeadLetterStore(sql, { schema }),
    idempotency: postgresIdempotencyStore(sql, { schema }),
    log: postgresOperationLog(sql, { schema }),
    mailer: memoryMailer(),
    logger: silentLogger(),
    instrumentation: lifelineOtel({ tracerProvider: otel.tracerProvider, meterProvider: otel.meterProvider }),
  });
  return { lifeline, receipt, fulfil };
}

describe('trace context through postgresQueue on PGlite', () => {
  test('the job row carries the trace: a worker that shares no memory with the sender continues it', async () => {
    otel.reset();
    const name = `q${++queues}`;
    const scripts = new Map<string, Script>();
    const producer = lifelineOnPglite(name, scripts, false);
    await otel.tracer.startActiveSpan('POST /webhooks/stripe', async (span) => {
      await producer.lifeline.send(producer.fulfil, { purchaseId: 'p_pg1' });
      span.end();
    });
    const [send] = otel.spansNamed('send stripe/checkout.session.completed');
    // Raw probe: the row itself holds the W3C carrier of the send span.
    const { rows } = await sql.query<{ trace_context: string }>(
      `SELECT trace_context::text AS trace_context FROM ${schema}.jobs WHERE queue = $1`,
      [name],
    );
    expect(rows.map((r) => JSON.parse(r.trace_context))).toEqual([
      { traceparent: `00-${send!.spanContext().traceId}-${send!.spanContext().spanId}-01` },
    ]);

    const consumer = lifelineOnPglite(name, scripts);
    await waitForSpan('process purchase/email.send');
    await consumer.lifeline.drain();

    const [request] = otel.spansNamed('POST /webhooks/stripe');
    const [processWebhook] = otel.spansNamed('process stripe/checkout.session.completed');
    const [sendEmail] = otel.spansNamed('send purchase/email.send');
    const [processEmail] = otel.spansNamed('process purchase/email.send');
    expect(parentOf(send!)).toBe(request!.spanContext().spanId);
    expect(parentOf(processWebhook!)).toBe(send!.spanContext().spanId);
    expect(parentOf(sendEmail!)).toBe(processWebhook!.spanContext().spanId);
    expect(parentOf(processEmail!)).toBe(sendEmail!.spanContext().spanId);
    for (const span of [processWebhook!, sendEmail!, processEmail!])
      expect(span.spanContext().traceId).toBe(request!.spanContext().traceId);
    expect(processEmail!.attributes['lifeline.outcome']).toBe('succeeded');
    await consumer.lifeline.close();
    await producer.lifeline.close();
  });

  test('enqueueIn inside the caller’s transaction is traced like lifeline.send: send span, context on the row', async () => {
    otel.reset();
    const { lifeline, fulfil } = lifelineOnPglite(`q${++queues}`, new Map());
    const queue = lifeline.queue as PostgresQueue;
    await otel.tracer.startActiveSpan('POST /api/purchases', async (span) => {
      await sql.transaction((tx) => queue.enqueueIn(tx, fulfil, { purchaseId: 'p_pg3' }));
      span.end();
    });
    await waitForSpan('process purchase/email.send');
    await lifeline.drain();
    const [request] = otel.spansNamed('POST /api/purchases');
    const [send] = otel.spansNamed('send stripe/checkout.session.completed');
    const [processed] = otel.spansNamed('process stripe/checkout.session.completed');
    expect(parentOf(send!)).toBe(request!.spanContext().spanId);
    expect(parentOf(processed!)).toBe(send!.spanContext().spanId);
    const [email] = otel.spansNamed('process purchase/email.send');
    expect(email!.spanContext().traceId).toBe(request!.spanContext().traceId);
    await lifeline.close();
  });

  test('a Postgres dead letter keeps the trace context, and its redrive links to the original send', async () => {
    otel.reset();
    const scripts = new Map<string, Script>([['p_pg2', { failures: 1, how: 'permanent' }]]);
    const { lifeline, receipt } = lifelineOnPglite(`q${++queues}`, scripts);
    await lifeline.send(receipt, { purchaseId: 'p_pg2' });
    await lifeline.drain();
    const [send] = otel.spansNamed('send purchase/email.send');
    const [entry] = (await lifeline.deadLetters.list({ status: 'open' })).items;
    expect(entry!.meta?.traceContext).toEqual({
      traceparent: `00-${send!.spanContext().traceId}-${send!.spanContext().spanId}-01`,
    });
    const result = await lifeline.redrive(entry!.id, { by: 'admin@example.com', wait: true });
    expect(result.status).toBe('resolved');
    await lifeline.drain();
    const spans = otel.spansNamed('process purchase/email.send');
    expect(spans.map((s) => s.attributes['lifeline.outcome'])).toEqual(['dead_lettered', 'succeeded']);
    expect(spans[0]!.attributes['error.type']).toBe('PermanentError');
    const redriven = spans[1]!;
    expect(redriven.attributes['lifeline.redrive_of']).toBe(entry!.id);
    expect(redriven.spanContext().traceId).not.toBe(send!.spanContext().traceId);
    expect(redriven.links.map((l) => l.context.spanId)).toEqual([send!.spanContext().spanId]);
    await lifeline.close();
  });
});

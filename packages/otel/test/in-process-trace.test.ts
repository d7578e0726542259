import { createLifeline, inProcessQueue, memoryMailer, silentLogger } from '@lifeline/core';
import { ProxyTracerProvider, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { afterAll, beforeEach, describe, expect, test } from 'vitest';
import { lifelineOtel } from '../src/index';
import { fulfilOperation, receiptOperation, type Script } from './support/operations';
import { otelHarness, parentOf } from './support/otel-harness';

const otel = otelHarness();
afterAll(() => otel.shutdown());
beforeEach(() => otel.reset());

function shop() {
  const scripts = new Map<string, Script>();
  const receipt = receiptOperation(scripts);
  const fulfil = fulfilOperation(receipt);
  const instrumentation = lifelineOtel({
    tracerProvider: otel.tracerProvider,
    meterProvider: otel.meterProvider,
  });
  const lifeline = createLifeline({
    operations: [receipt, fulfil],
    mailer: memoryMailer(),
    logger: silentLogger(),
    instrumentation,
  });
  return { lifeline, receipt, fulfil, scripts, instrumentation };
}

describe('spans on the in-process queue', () => {
  test('checkout → webhook → email is one trace: send/process spans nest, named and attributed by the conventions', async () => {
    const { lifeline, fulfil } = shop();
    // The app's request span (an HTTP server instrumentation would make it) is active while it sends.
    await otel.tracer.startActiveSpan('POST /checkout', async (span) => {
      await lifeline.send(fulfil, { purchaseId: 'p_1' });
      span.end();
    });
    await lifeline.drain();

    const [request] = otel.spansNamed('POST /checkout');
    const sendWebhook = otel.spansNamed('send stripe/checkout.session.completed');
    const processWebhook = otel.spansNamed('process stripe/checkout.session.completed');
    const sendEmail = otel.spansNamed('send purchase/email.send');
    const processEmail = otel.spansNamed('process purchase/email.send');
    const http = otel.spansNamed('POST /emails');
    for (const list of [sendWebhook, processWebhook, sendEmail, processEmail, http])
      expect(list).toHaveLength(1);

    const traceId = request!.spanContext().traceId;
    for (const span of [sendWebhook[0]!, processWebhook[0]!, sendEmail[0]!, processEmail[0]!, http[0]!])
      expect(span.spanContext().traceId).toBe(traceId);
    expect(parentOf(sendWebhook[0]!)).toBe(request!.spanContext().spanId);
    expect(parentOf(processWebhook[0]!)).toBe(sendWebhook[0]!.spanContext().spanId);
    expect(parentOf(sendEmail[0]!)).toBe(processWebhook[0]!.spanContext().spanId);
    expect(parentOf(processEmail[0]!)).toBe(sendEmail[0]!.spanContext().spanId);
    // The operation's own child span (an HTTP call to the mail provider) nests under the process span.
    expect(parentOf(http[0]!)).toBe(processEmail[0]!.spanContext().spanId);

    expect(sendEmail[0]!.kind).toBe(SpanKind.PRODUCER);
    expect(processEmail[0]!.kind).toBe(SpanKind.CONSUMER);
    const messageId = processEmail[0]!.attributes['messaging.message.id'];
    expect(typeof messageId).toBe('string');
    expect(sendEmail[0]!.attributes).toMatchObject({
      'messaging.system': 'lifeline',
      'messaging.operation.type': 'send',
      'messaging.destination.name': 'purchase/email.send',
      'messaging.message.id': messageId,
    });
    expect(processEmail[0]!.attributes).toMatchObject({
      'messaging.system': 'lifeline',
      'messaging.operation.type': 'process',
      'messaging.destination.name': 'purchase/email.send',
      'messaging.message.conversation_id': 'receipt:p_1',
      'lifeline.attempt': 1,
      'lifeline.outcome': 'succeeded',
    });
    expect(processEmail[0]!.attributes['error.type']).toBeUndefined();
    expect(processEmail[0]!.attributes['lifeline.redrive_of']).toBeUndefined();
    expect(processEmail[0]!.status.code).toBe(SpanStatusCode.UNSET);
  });

  test('work sent with no active span starts its own trace at the send span', async () => {
    const { lifeline, receipt } = shop();
    await lifeline.send(receipt, { purchaseId: 'p_2' });
    await lifeline.drain();
    const [send] = otel.spansNamed('send purchase/email.send');
    const [process] = otel.spansNamed('process purchase/email.send');
    expect(send!.parentSpanContext).toBeUndefined();
    expect(parentOf(process!)).toBe(send!.spanContext().spanId);
    expect(process!.spanContext().traceId).toBe(send!.spanContext().traceId);
  });

  test('each attempt is a process span: a retried 503 carries error.type "503", the success after it none', async () => {
    const { lifeline, receipt, scripts } = shop();
    scripts.set('p_3', { failures: 2, how: 'http' });
    await lifeline.send(receipt, { purchaseId: 'p_3' });
    await lifeline.drain();
    const spans = otel.spansNamed('process purchase/email.send');
    expect(spans.map((s) => s.attributes['lifeline.attempt'])).toEqual([1, 2, 3]);
    expect(spans.map((s) => s.attributes['lifeline.outcome'])).toEqual(['retrying', 'retrying', 'succeeded']);
    expect(spans.map((s) => s.attributes['error.type'])).toEqual(['503', '503', undefined]);
    expect(spans.map((s) => s.status.code)).toEqual([
      SpanStatusCode.ERROR,
      SpanStatusCode.ERROR,
      SpanStatusCode.UNSET,
    ]);
    expect(spans[0]!.attributes['lifeline.error.retryable']).toBe(true);
    // Every attempt continues the one trace of its send.
    const [send] = otel.spansNamed('send purchase/email.send');
    for (const span of spans) expect(parentOf(span)).toBe(send!.spanContext().spanId);
  });

  test('a permanent failure ends in a dead_lettered span whose error.type comes from classifyError', async () => {
    const { lifeline, receipt, scripts } = shop();
    scripts.set('p_4', { failures: 1, how: 'permanent' });
    await lifeline.send(receipt, { purchaseId: 'p_4' });
    await lifeline.drain();
    const [span] = otel.spansNamed('process purchase/email.send');
    expect(span!.attributes).toMatchObject({
      'lifeline.outcome': 'dead_lettered',
      'error.type': 'PermanentError',
      'lifeline.error.retryable': false,
    });
    expect(span!.status.code).toBe(SpanStatusCode.ERROR);
    expect(span!.events.some((e) => e.name === 'exception')).toBe(true);
  });

  test('a redrive starts a new trace whose process span links to the original send, with lifeline.redrive_of', async () => {
    const { lifeline, receipt, scripts } = shop();
    scripts.set('p_5', { failures: 1, how: 'permanent' });
    await lifeline.send(receipt, { purchaseId: 'p_5' });
    await lifeline.drain();
    const [entry] = (await lifeline.deadLetters.list({ status: 'open' })).items;
    const [originalSend] = otel.spansNamed('send purchase/email.send');
    // The dead letter kept the original's trace context.
    expect(entry!.meta?.traceContext).toEqual({
      traceparent: `00-${originalSend!.spanContext().traceId}-${originalSend!.spanContext().spanId}-01`,
    });

    const result = await lifeline.redrive(entry!.id, { by: 'admin@example.com', wait: true });
    expect(result.status).toBe('resolved');
    await lifeline.drain(); // the attempt's span ends once the queue has its result
    const [, redriven] = otel.spansNamed('process purchase/email.send');
    expect(redriven!.attributes).toMatchObject({
      'lifeline.redrive_of': entry!.id,
      'lifeline.outcome': 'succeeded',
    });
    expect(redriven!.spanContext().traceId).not.toBe(originalSend!.spanContext().traceId);
    expect(redriven!.parentSpanContext).toBeUndefined();
    expect(redriven!.links).toHaveLength(1);
    expect(redriven!.links[0]!.context.traceId).toBe(originalSend!.spanContext().traceId);
    expect(redriven!.links[0]!.context.spanId).toBe(originalSend!.spanContext().spanId);
  });

  test('a queue that refuses the event gives an ERROR send span, and send still throws', async () => {
    const { lifeline, receipt } = shop();
    await lifeline.close();
    await expect(lifeline.send(receipt, { purchaseId: 'p_6' })).rejects.toThrow();
    const [send] = otel.spansNamed('send purchase/email.send');
    expect(send!.status.code).toBe(SpanStatusCode.ERROR);
    expect(send!.attributes['error.type']).toBe('QueueRefusedError');
    expect(otel.spansNamed('process purchase/email.send')).toHaveLength(0);
  });
});

describe('without an SDK', () => {
  test('a provider with no SDK behind it makes no spans and puts no trace context on the event', async () => {
    const scripts = new Map<string, Script>();
    const receipt = receiptOperation(scripts);
    const seen: unknown[] = [];
    // The queue the runtime hands its events to, recording what each carried.
    const queue = inProcessQueue();
    const enqueue = queue.enqueue.bind(queue);
    queue.enqueue = (event) => {
      seen.push(event.traceContext);
      return enqueue(event);
    };
    const lifeline = createLifeline({
      operations: [receipt],
      mailer: memoryMailer(),
      logger: silentLogger(),
      queue,
      // What `trace.getTracerProvider()` is before an SDK registers: a proxy to the no-op tracer.
      instrumentation: lifelineOtel({ tracerProvider: new ProxyTracerProvider() }),
    });
    await lifeline.send(receipt, { purchaseId: 'p_7' });
    await lifeline.drain();
    // Only the operation's own span (it uses the global provider) was recorded: none of Lifeline's.
    expect(otel.spans().map((s) => s.name)).toEqual(['POST /emails']);
    expect(seen).toEqual([undefined]);
  });
});

import { createLifeline, memoryMailer, silentLogger } from '@lifeline/core';
import type { Histogram } from '@opentelemetry/sdk-metrics';
import { afterAll, expect, test } from 'vitest';
import { lifelineOtel } from '../src/index';
import { receiptOperation, type Script } from './support/operations';
import { otelHarness } from './support/otel-harness';

const otel = otelHarness();
afterAll(() => otel.shutdown());

test('metrics: sent and consumed counts by outcome, attempt durations, time to success, open dead letters', async () => {
  const scripts = new Map<string, Script>([
    ['m_retry', { failures: 1, how: 'http' }],
    ['m_dead', { failures: 1, how: 'permanent' }],
  ]);
  const receipt = receiptOperation(scripts);
  // A clock 2.5 s ahead of the send time, so time to success is known exactly.
  const now = 1_000_000;
  const otelOptions = {
    tracerProvider: otel.tracerProvider,
    meterProvider: otel.meterProvider,
    now: () => now,
  };
  const instrumentation = lifelineOtel(otelOptions);
  const lifeline = createLifeline({
    operations: [receipt],
    mailer: memoryMailer(),
    logger: silentLogger(),
    instrumentation,
  });
  instrumentation.observeDeadLetters(lifeline.deadLetters);
  for (const purchaseId of ['m_ok', 'm_retry', 'm_dead'])
    await lifeline.send(receipt, { purchaseId }, { enqueuedAt: now - 2_500 });
  await lifeline.drain();

  const sent = await otel.collect('messaging.client.sent.messages');
  expect(sent.map((p) => [p.attributes['messaging.destination.name'], p.value])).toEqual([
    ['purchase/email.send', 3],
  ]);
  expect(sent[0]!.attributes).toMatchObject({
    'messaging.system': 'lifeline',
    'messaging.operation.name': 'send',
  });

  const consumed = await otel.collect('messaging.client.consumed.messages');
  const byOutcome = Object.fromEntries(
    consumed.map((p) => [
      `${p.attributes['lifeline.outcome']}/${p.attributes['error.type'] ?? '-'}`,
      p.value,
    ]),
  );
  // m_ok: 1 success; m_retry: a 503 then a success; m_dead: dead-lettered at once.
  expect(byOutcome).toEqual({ 'succeeded/-': 2, 'retrying/503': 1, 'dead_lettered/PermanentError': 1 });

  const durations = await otel.collect('messaging.process.duration');
  const attempts = durations.reduce((n, p) => n + (p.value as Histogram).count, 0);
  expect(attempts).toBe(4);
  for (const p of durations) expect((p.value as Histogram).min).toBeGreaterThanOrEqual(0);

  const toSuccess = await otel.collect('lifeline.operation.time_to_success');
  expect(toSuccess).toHaveLength(1);
  const histogram = toSuccess[0]!.value as Histogram;
  expect(histogram.count).toBe(2);
  expect(histogram.sum).toBeCloseTo(5, 6);

  const open = await otel.collect('lifeline.dead_letters.open');
  expect(open.map((p) => p.value)).toEqual([1]);
  const [entry] = (await lifeline.deadLetters.list({ status: 'open' })).items;
  await lifeline.redrive(entry!.id, { by: 'admin@example.com', wait: true });
  await lifeline.drain();
  expect((await otel.collect('lifeline.dead_letters.open')).map((p) => p.value)).toEqual([0]);
});

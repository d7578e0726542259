import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkTraces } from '../src/observability/trace-invariant';
import { reportRun } from '../src/report/report-run';
import { silentDisplay } from '../src/run/display';
import { simulate } from '../src/run/simulate';

const dataDir = mkdtempSync(join(tmpdir(), 'lifeline-simulation-otel-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('checkout simulation --otel (real OpenTelemetry SDK, in-memory exporter)', () => {
  it('keeps the promise and its traces: checkout → webhook → email is one trace, one process span per attempt', async () => {
    const result = await simulate({
      purchases: 40,
      seed: 21,
      faultRate: 0.3,
      duplicates: 0.2,
      realTime: false,
      dataDir,
      display: silentDisplay(),
      otel: true,
    });
    expect(result.worldErrors).toEqual([]);
    const traces = result.traces!;
    const report = await reportRun(dataDir, result.run.id, traces);
    expect(report.verdict.violations).toEqual([]);
    expect(report.verdict.ok).toBe(true);

    // The trace of one fulfilled purchase holds the whole story, from the checkout request to the email.
    const purchaseId = report.facts.purchaseIds.find(
      (id) => report.facts.purchases.get(id)?.status === 'fulfilled',
    )!;
    const traceId = traces.checkoutTraces.get(purchaseId)!;
    const names = new Set(traces.spans.filter((s) => s.spanContext().traceId === traceId).map((s) => s.name));
    for (const name of [
      'POST /api/purchases',
      'send checkout/session.create',
      'process checkout/session.create',
      'POST /api/webhooks/stripe',
      'process purchase/email.send',
    ])
      expect(names).toContain(name);
    // The Stripe webhook handler sent its work inside the webhook request's span (it continues that trace).
    const inTrace = traces.spans.filter((s) => s.spanContext().traceId === traceId);
    const webhookSpans = new Set(
      inTrace.filter((s) => s.name === 'POST /api/webhooks/stripe').map((s) => s.spanContext().spanId),
    );
    const webhookSends = inTrace.filter((s) => s.name.startsWith('send stripe/checkout.'));
    expect(webhookSends.length).toBeGreaterThan(0);
    for (const send of webhookSends)
      expect(webhookSpans.has(send.parentSpanContext?.spanId ?? '')).toBe(true);
    // Faults were injected: some attempts failed and were retried, each its own span.
    expect(traces.spans.some((s) => s.attributes['lifeline.outcome'] === 'retrying')).toBe(true);

    // The rules can fail: a receipt span moved to another trace, and a span lost.
    const receipt = traces.spans.findIndex(
      (s) =>
        s.name === 'process purchase/email.send' &&
        s.attributes['messaging.message.conversation_id'] === `receipt:${purchaseId}`,
    );
    const split = checkTraces(report.facts, {
      ...traces,
      checkoutTraces: new Map([...traces.checkoutTraces, [purchaseId, 'f'.repeat(32)]]),
    });
    expect(split.map((v) => [v.rule, v.purchaseId])).toEqual([['trace-split', purchaseId]]);
    const lost = checkTraces(report.facts, {
      ...traces,
      spans: traces.spans.filter((_, i) => i !== receipt),
    });
    expect(lost.map((v) => v.rule).sort()).toEqual(
      traces.spans.filter(
        (s) =>
          s.attributes['messaging.message.conversation_id'] === `receipt:${purchaseId}` &&
          s.name.startsWith('process'),
      ).length === 1
        ? ['trace-receipt-missing', 'trace-span-count']
        : ['trace-span-count'],
    );
  }, 300_000);
});

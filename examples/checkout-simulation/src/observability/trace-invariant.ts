import type { RunFacts } from '../report/facts';
import type { Violation } from '../report/invariant';
import type { TraceFacts } from './otel';

const RECEIPT = 'purchase/email.send';

/**
 * The `--otel` part of the promise, checked from the spans the run recorded:
 * - `trace-receipt-missing`: a fulfilled purchase's receipt work has no `process` span;
 * - `trace-split`: a receipt `process` span is not in the trace its checkout request started (checkout →
 *   webhook → email must be one trace);
 * - `trace-span-count`: per operation, `process` spans that ran (all but `deferred`, which the log does not
 *   count either) differ from the attempts in the operation log.
 */
export function checkTraces(facts: RunFacts, traces: TraceFacts): Violation[] {
  const violations: Violation[] = [];
  const receipts = new Map<string, string[]>();
  const spansPerOperation = new Map<string, number>();
  for (const span of traces.spans) {
    if (!span.name.startsWith('process ')) continue;
    const operation = String(span.attributes['messaging.destination.name']);
    if (span.attributes['lifeline.outcome'] !== 'deferred')
      spansPerOperation.set(operation, (spansPerOperation.get(operation) ?? 0) + 1);
    const key = span.attributes['messaging.message.conversation_id'];
    if (operation === RECEIPT && typeof key === 'string' && key.startsWith('receipt:')) {
      const purchaseId = key.slice('receipt:'.length);
      receipts.set(purchaseId, [...(receipts.get(purchaseId) ?? []), span.spanContext().traceId]);
    }
  }
  for (const purchaseId of facts.purchaseIds) {
    if (facts.purchases.get(purchaseId)?.status !== 'fulfilled') continue;
    const traceIds = receipts.get(purchaseId);
    const checkout = traces.checkoutTraces.get(purchaseId);
    if (!traceIds || traceIds.length === 0) {
      violations.push({
        purchaseId,
        rule: 'trace-receipt-missing',
        detail: 'no process span for its receipt',
      });
      continue;
    }
    const foreign = traceIds.filter((traceId) => traceId !== checkout);
    if (foreign.length > 0) {
      violations.push({
        purchaseId,
        rule: 'trace-split',
        detail: `${foreign.length} of ${traceIds.length} receipt attempt span(s) outside the checkout's trace ${checkout ?? '(none)'}`,
      });
    }
  }
  const operations = new Set([...spansPerOperation.keys(), ...traces.attempts.keys()]);
  for (const operation of operations) {
    const spans = spansPerOperation.get(operation) ?? 0;
    const logged = traces.attempts.get(operation) ?? 0;
    if (spans !== logged)
      violations.push({
        rule: 'trace-span-count',
        detail: `${operation}: ${spans} process span(s), ${logged} attempt(s) in the operation log`,
      });
  }
  return violations;
}

/** One line for the summary of an `--otel` run: what was traced, and what the trace rules compared. */
export function describeTraces(facts: RunFacts, traces: TraceFacts): string {
  const traceIds = new Set(traces.spans.map((span) => span.spanContext().traceId));
  const processSpans = traces.spans.filter(
    (span) => span.name.startsWith('process ') && span.attributes['lifeline.outcome'] !== 'deferred',
  ).length;
  const logged = [...traces.attempts.values()].reduce((sum, n) => sum + n, 0);
  const fulfilled = facts.purchaseIds.filter((id) => facts.purchases.get(id)?.status === 'fulfilled').length;
  return `OpenTelemetry (--otel): ${traces.spans.length.toLocaleString('en-US')} spans in ${traceIds.size.toLocaleString('en-US')} traces; ${fulfilled} fulfilled purchases' receipt spans checked against their checkout's trace; ${processSpans.toLocaleString('en-US')} process spans, ${logged.toLocaleString('en-US')} attempts logged`;
}

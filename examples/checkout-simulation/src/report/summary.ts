import { type HealthReport, OPERATION_KINDS, type OperationKind } from '@lifeline/core';
import { postgresDeadLetterStore, type SqlClient } from '@lifeline/postgres';
import type { AlertRecord } from '../alerting';
import { runWindow } from '../run/run-record';
import type { RunFacts } from './facts';
import { DEAD_LETTER_OUTCOMES, type DeadLetterOutcome, type InvariantReport } from './invariant';
import { runHealth } from './run-health';

/** Where an alert came from. */
export type AlertSource = 'dead-letter' | 'payment-failed' | 'health' | 'other';

/** Which part of the system raised `alert`. */
export function alertSource(alert: Pick<AlertRecord, 'dedupeKey' | 'title'>): AlertSource {
  if (alert.dedupeKey?.startsWith('dead-letter:')) return 'dead-letter';
  if (alert.dedupeKey?.startsWith('stripe:async-payment-failed:')) return 'payment-failed';
  if (/ is (above|below) | recovered$/.test(alert.title)) return 'health';
  return 'other';
}

/** The numbers of the summary table, all read from durable records. */
export interface RunSummary {
  purchases: number;
  checkoutSessions: number;
  paid: number;
  paymentsFailed: number;
  fulfilled: number;
  emailsDelivered: number;
  /** Per kind: work that failed at least once and then succeeded, of all work that failed at least once. */
  recovered: Record<OperationKind, { retried: number; recovered: number }>;
  /** The run's dead letters: the same number as the verdict's `deadLetters.total`. */
  deadLettered: number;
  /** The run's dead letters by what they stand for (from the verdict), each with its errors. */
  deadLettersByOutcome: Array<{
    outcome: DeadLetterOutcome;
    count: number;
    reasons: Array<{ reason: string; count: number }>;
  }>;
  /** Alerts that reached the alert channel within the run, by severity and by what raised them. */
  alerts: {
    total: number;
    critical: number;
    warning: number;
    info: number;
    bySource: Record<AlertSource, number>;
  };
  webhooks: { delivered: number; refused: number; duplicates: number; outOfOrder: number };
  /** Deliveries and events that did nothing because the work was done already. */
  duplicatesSuppressed: { sameEvent: number; sameSession: number };
  /** The run's health (its log window and its own open dead letters), as the end-of-run check saw it. */
  health: HealthReport;
  /** Open dead letters left by earlier runs in this data directory. */
  earlierOpenDeadLetters: number;
  /** Simulated time from the first purchase to the last piece of work. */
  simulatedMs: number;
}

/**
 * Computes the summary of a finished run from its facts, the verdict (which classifies its dead
 * letters), the operation log and the dead-letter store.
 */
export async function summarizeRun(
  sql: SqlClient,
  facts: RunFacts,
  verdict: InvariantReport,
): Promise<RunSummary> {
  const { run } = facts;
  const window = runWindow(run);
  const { to } = window;
  const open = facts.deadLetters.filter((entry) => entry.status === 'open').length;
  const { kinds, report: health } = await runHealth(sql, window, open);
  const earlierOpenDeadLetters = await postgresDeadLetterStore(sql).count({
    status: 'open',
    to: run.startedAt,
  });

  const byOutcome = new Map<DeadLetterOutcome, Map<string, number>>();
  for (const entry of facts.deadLetters) {
    const outcome = verdict.outcomeOf.get(entry.id) ?? 'other';
    const reasons = byOutcome.get(outcome) ?? new Map<string, number>();
    reasons.set(entry.reason, (reasons.get(entry.reason) ?? 0) + 1);
    byOutcome.set(outcome, reasons);
  }
  const deadLettersByOutcome = DEAD_LETTER_OUTCOMES.filter((outcome) => byOutcome.has(outcome)).map(
    (outcome) => {
      const reasons = [...byOutcome.get(outcome)!].map(([reason, count]) => ({ reason, count }));
      reasons.sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
      return { outcome, count: verdict.deadLetters.byOutcome[outcome], reasons };
    },
  );

  const alerts: RunSummary['alerts'] = {
    total: 0,
    critical: 0,
    warning: 0,
    info: 0,
    bySource: { 'dead-letter': 0, 'payment-failed': 0, health: 0, other: 0 },
  };
  for (const alert of facts.alerts) {
    alerts.total++;
    alerts[alert.severity]++;
    alerts.bySource[alertSource(alert)]++;
  }

  const firstAnswered = new Map<string, number>();
  const answered = new Set<string>();
  let delivered = 0;
  let refused = 0;
  for (const delivery of facts.webhookDeliveries) {
    if (delivery.status < 200 || delivery.status >= 300) {
      refused++;
      continue;
    }
    delivered++;
    answered.add(delivery.eventId);
    const slot = `${delivery.sessionId}\u0000${delivery.type}`;
    if (!firstAnswered.has(slot)) firstAnswered.set(slot, delivery.at);
  }
  let outOfOrder = 0;
  for (const [slot, at] of firstAnswered) {
    const [sessionId, type] = slot.split('\u0000');
    if (type !== 'checkout.session.completed') continue;
    const settled =
      firstAnswered.get(`${sessionId}\u0000checkout.session.async_payment_succeeded`) ??
      firstAnswered.get(`${sessionId}\u0000checkout.session.async_payment_failed`);
    if (settled !== undefined && settled < at) outOfOrder++;
  }
  const sameSession = await sql.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM lifeline.idempotency_keys
     WHERE key = ANY($1::text[]) AND status = 'completed' AND result->>'outcome' = 'already_fulfilled'`,
    [[...answered]],
  );

  const checkouts = [...facts.checkouts.values()];
  const recovered = Object.fromEntries(
    OPERATION_KINDS.map((kind) => [
      kind,
      { retried: kinds[kind].retried, recovered: kinds[kind].retriedSucceeded },
    ]),
  ) as RunSummary['recovered'];
  return {
    purchases: facts.purchaseIds.length,
    checkoutSessions: checkouts.filter((checkout) => checkout.sessionIds.length > 0).length,
    paid: checkouts.filter((checkout) => checkout.paid).length,
    paymentsFailed: checkouts.filter((checkout) => checkout.paymentFailed).length,
    fulfilled: [...facts.grants.values()].filter((n) => n > 0).length,
    emailsDelivered: facts.deliveries.length,
    recovered,
    deadLettered: verdict.deadLetters.total,
    deadLettersByOutcome,
    alerts,
    webhooks: { delivered, refused, duplicates: delivered - answered.size, outOfOrder },
    duplicatesSuppressed: {
      sameEvent: OPERATION_KINDS.reduce((sum, kind) => sum + kinds[kind].duplicates, 0),
      sameSession: sameSession.rows[0]?.n ?? 0,
    },
    health,
    earlierOpenDeadLetters,
    simulatedMs: to - 1 - run.startedAt,
  };
}

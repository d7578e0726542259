import {
  computeHealth,
  DEFAULT_HEALTH_TARGETS,
  type HealthReport,
  OPERATION_KINDS,
  type OperationKind,
} from '@lifeline/core';
import { postgresDeadLetterStore, postgresOperationLog, type SqlClient } from '@lifeline/postgres';
import type { RunFacts } from './facts';

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
  deadLettered: number;
  deadLettersByReason: Array<{ operation: string; reason: string; count: number }>;
  alerts: { total: number; critical: number; warning: number; info: number };
  webhooks: { delivered: number; refused: number; duplicates: number; outOfOrder: number };
  /** Deliveries and events that did nothing because the work was done already. */
  duplicatesSuppressed: { sameEvent: number; sameSession: number };
  health: HealthReport;
  /** Open dead letters left by earlier runs in this data directory. */
  earlierOpenDeadLetters: number;
  /** Simulated time from the first purchase to the last piece of work. */
  simulatedMs: number;
}

/** Computes the summary of a finished run from its facts, the operation log and the dead-letter store. */
export async function summarizeRun(sql: SqlClient, facts: RunFacts): Promise<RunSummary> {
  const { run } = facts;
  const to = (run.finishedAt ?? run.clockAt) + 1;
  const window = { from: run.startedAt, to };
  const kinds = await postgresOperationLog(sql).summarize(window);
  const deadLetterStore = postgresDeadLetterStore(sql);
  const openDeadLetters = await deadLetterStore.count({ status: 'open' });
  const earlierOpenDeadLetters = await deadLetterStore.count({ status: 'open', to: run.startedAt });

  const reasons = new Map<string, { operation: string; reason: string; count: number }>();
  for (const entry of facts.deadLetters) {
    const key = `${entry.name}\u0000${entry.reason}`;
    const row = reasons.get(key) ?? { operation: entry.name, reason: entry.reason, count: 0 };
    row.count++;
    reasons.set(key, row);
  }

  const alerts = { total: 0, critical: 0, warning: 0, info: 0 };
  for (const alert of facts.alerts) {
    if (alert.at >= to) continue;
    alerts.total++;
    alerts[alert.severity]++;
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
    deadLettered: facts.deadLetters.length,
    deadLettersByReason: [...reasons.values()].sort((a, b) => b.count - a.count),
    alerts,
    webhooks: { delivered, refused, duplicates: delivered - answered.size, outOfOrder },
    duplicatesSuppressed: {
      sameEvent: OPERATION_KINDS.reduce((sum, kind) => sum + kinds[kind].duplicates, 0),
      sameSession: sameSession.rows[0]?.n ?? 0,
    },
    health: computeHealth({ kinds, openDeadLetters, targets: DEFAULT_HEALTH_TARGETS, ...window }),
    earlierOpenDeadLetters,
    simulatedMs: to - 1 - run.startedAt,
  };
}

import { postgresDeadLetterStore, type SqlClient } from '@lifeline/postgres';
import type { AlertRecord } from '../alerting';
import type { DataDirPaths } from '../data-dir';
import { type RunRecord, runWindow } from '../run/run-record';
import { jsonlJournal } from '../world/journal';
import { purchaseIdOf } from '../world/plan';
import type { MailRecord } from '../world/resend-standin';
import type { StripeRecord } from '../world/stripe-records';

/** What Stripe's journal says about one purchase's checkout. */
export interface CheckoutFact {
  /** Sessions created for the purchase (more than one would be a double checkout). */
  sessionIds: string[];
  /** Stripe says the payment succeeded. */
  paid: boolean;
  /** Stripe says the delayed payment failed. */
  paymentFailed: boolean;
}

/** A dead letter, reduced to what the check needs. */
export interface DeadLetterFact {
  id: string;
  name: string;
  idempotencyKey: string;
  /** The purchase its payload is about, if any. */
  purchaseId: string | undefined;
  status: string;
  /** The error's class name, with the HTTP status when there was one. */
  reason: string;
  failedAt: number;
}

/**
 * Everything the invariant check and the summary read, from durable records only: the shop's tables,
 * Lifeline's dead-letter store, and the journals of the simulated Stripe, mail provider and alert
 * channel. Nothing comes from counters kept by the code under test.
 */
export interface RunFacts {
  run: RunRecord;
  /** The purchases the run's customers made, in order. */
  purchaseIds: string[];
  /** The shop's purchase rows. */
  purchases: Map<string, { status: string; checkoutSessionId: string | null }>;
  /** Download grants (fulfilments) per purchase. */
  grants: Map<string, number>;
  checkouts: Map<string, CheckoutFact>;
  /** Emails the provider delivered for the run's purchases. */
  deliveries: MailRecord[];
  /** Dead letters about the run's purchases. */
  deadLetters: DeadLetterFact[];
  /** Alerts that reached the channel during the run (from its start to its end). */
  alerts: AlertRecord[];
  /** Stripe's delivery attempts of the run's events. */
  webhookDeliveries: Array<{
    eventId: string;
    type: string;
    sessionId: string;
    copy: number;
    status: number;
    at: number;
  }>;
}

function purchaseOfPayload(payload: unknown): string | undefined {
  const value = payload as {
    purchaseId?: unknown;
    data?: { purchaseId?: unknown; object?: { client_reference_id?: unknown } };
  };
  // A partner notice (`--partner-webhooks`) carries the purchase under `data.purchaseId`.
  const id = value?.purchaseId ?? value?.data?.purchaseId ?? value?.data?.object?.client_reference_id;
  return typeof id === 'string' ? id : undefined;
}

/**
 * The dead letters about run `run`'s purchases (not earlier runs' entries, nor ones recorded before it
 * started), read from Lifeline's dead-letter store.
 */
export async function loadRunDeadLetters(sql: SqlClient, run: RunRecord): Promise<DeadLetterFact[]> {
  const mine = new Set(Array.from({ length: run.purchases }, (_, i) => purchaseIdOf(run.id, i + 1)));
  const deadLetters: DeadLetterFact[] = [];
  const store = postgresDeadLetterStore(sql);
  let cursor: string | undefined;
  do {
    const page = await store.list({ from: run.startedAt, limit: 500, ...(cursor ? { cursor } : {}) });
    for (const entry of page.items) {
      const purchaseId = purchaseOfPayload(entry.payload);
      if (!purchaseId || !mine.has(purchaseId)) continue;
      deadLetters.push({
        id: entry.id,
        name: entry.name,
        idempotencyKey: entry.idempotencyKey,
        purchaseId,
        status: entry.status,
        reason: entry.error.status ? `${entry.error.name} (HTTP ${entry.error.status})` : entry.error.name,
        failedAt: entry.failedAt,
      });
    }
    cursor = page.nextCursor;
  } while (cursor);
  return deadLetters;
}

/** Reads a run's facts from its data directory (the database must be open). */
export async function loadRunFacts(sql: SqlClient, paths: DataDirPaths, run: RunRecord): Promise<RunFacts> {
  const purchaseIds = Array.from({ length: run.purchases }, (_, i) => purchaseIdOf(run.id, i + 1));
  const mine = new Set(purchaseIds);
  const pattern = `pur_r${run.id}\\_%`;

  const purchaseRows = await sql.query<{ id: string; status: string; checkoutSessionId: string | null }>(
    'SELECT id, status, checkout_session_id AS "checkoutSessionId" FROM shop.purchases WHERE id LIKE $1',
    [pattern],
  );
  const grantRows = await sql.query<{ id: string; n: number }>(
    'SELECT purchase_id AS id, count(*)::int AS n FROM shop.download_grants WHERE purchase_id LIKE $1 GROUP BY 1',
    [pattern],
  );

  const checkouts = new Map<string, CheckoutFact>();
  const sessionToPurchase = new Map<string, string>();
  const eventTypes = new Map<string, { type: string; sessionId: string }>();
  const stripeRecords = jsonlJournal<StripeRecord>(paths.stripeJournal).read();
  for (const record of stripeRecords) {
    if (record.type === 'session.created') {
      const purchaseId = record.session.client_reference_id;
      if (!mine.has(purchaseId)) continue;
      const fact = checkouts.get(purchaseId) ?? { sessionIds: [], paid: false, paymentFailed: false };
      fact.sessionIds.push(record.session.id);
      checkouts.set(purchaseId, fact);
      sessionToPurchase.set(record.session.id, purchaseId);
    } else if (record.type === 'event.created') {
      const session = record.event.data.object;
      const fact = checkouts.get(sessionToPurchase.get(session.id) ?? '');
      if (!fact) continue;
      eventTypes.set(record.event.id, { type: record.event.type, sessionId: session.id });
      if (session.payment_status === 'paid') fact.paid = true;
      if (record.event.type === 'checkout.session.async_payment_failed') fact.paymentFailed = true;
    }
  }
  const webhookDeliveries: RunFacts['webhookDeliveries'] = [];
  for (const record of stripeRecords) {
    const event = record.type === 'delivery' ? eventTypes.get(record.eventId) : undefined;
    if (record.type === 'delivery' && event) webhookDeliveries.push({ ...record, ...event });
  }

  const deadLetters = await loadRunDeadLetters(sql, run);

  const deliveries = jsonlJournal<MailRecord>(paths.mailJournal)
    .read()
    .filter(
      (record) =>
        mine.has(record.tags.purchase_id ?? '') || mine.has(record.idempotencyKey.replace(/^receipt:/, '')),
    );
  const { from, to } = runWindow(run);
  const alerts = jsonlJournal<AlertRecord>(paths.alertJournal)
    .read()
    .filter((alert) => alert.at >= from && alert.at < to);

  return {
    run,
    purchaseIds,
    purchases: new Map(purchaseRows.rows.map((row) => [row.id, row])),
    grants: new Map(grantRows.rows.map((row) => [row.id, row.n])),
    checkouts,
    deliveries,
    deadLetters,
    alerts,
    webhookDeliveries,
  };
}

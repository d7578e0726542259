import type { Lifeline } from '@lifeline/core';
import type { SqlClient } from '@lifeline/postgres';

/** Options of {@link resendUnfinishedWork}. */
export interface ResendUnfinishedOptions {
  sql: SqlClient;
  lifeline: Pick<Lifeline, 'send' | 'clock'>;
  /**
   * How far back to look at sent outbox rows. Keep it below the operations' idempotency TTL (7 days by
   * default): work older than its remembered key could otherwise run twice. Default 6 days.
   */
  windowMs?: number;
  /** Lifeline's schema; default `lifeline`. */
  schema?: string;
}

interface UnfinishedRow {
  id: string;
  name: string;
  data: string | null;
  idempotency_key: string;
  created_at: number;
}

/**
 * Puts back, at start-up, the work a crash took with it. The outbox relay marks a row sent once the
 * in-process queue has accepted it, and that queue lives in memory: if the process dies before the
 * work ends, the row says "sent" and nothing runs it. So before the relay starts, every row sent in
 * the window whose work neither completed (its idempotency key is not `completed`) nor ended in the
 * dead-letter store is sent again, under its own idempotency key and event id. Work that had finished
 * after all is recognised by its key and skipped; work a dead worker still held waits for its lease.
 *
 * Returns how many pieces of work it re-sent. With a durable queue (Inngest) this is not needed.
 */
export async function resendUnfinishedWork(options: ResendUnfinishedOptions): Promise<number> {
  const schema = options.schema ?? 'lifeline';
  if (!/^[a-z_][a-z0-9_]*$/.test(schema))
    throw new Error(`resendUnfinishedWork: bad schema name "${schema}"`);
  const since = options.lifeline.clock.now() - (options.windowMs ?? 6 * 86_400_000);
  const { rows } = await options.sql.query<UnfinishedRow>(
    `SELECT o.id, o.name, o.data::text AS data, o.idempotency_key,
            (extract(epoch FROM o.created_at) * 1000)::float8 AS created_at
     FROM ${schema}.outbox o
     WHERE o.sent_at IS NOT NULL AND o.sent_at >= to_timestamp($1::float8 / 1000)
       AND NOT EXISTS (SELECT 1 FROM ${schema}.idempotency_keys k
                       WHERE k.key = o.idempotency_key AND k.status = 'completed')
       AND NOT EXISTS (SELECT 1 FROM ${schema}.dead_letters d
                       WHERE d.name = o.name AND d.idempotency_key = o.idempotency_key)
     ORDER BY o.created_at, o.id`,
    [since],
  );
  // Several rows can carry one piece of work (Stripe delivered an event twice): send it once.
  const seen = new Set<string>();
  let resent = 0;
  for (const row of rows) {
    const work = `${row.name}\u0000${row.idempotency_key}`;
    if (seen.has(work)) continue;
    seen.add(work);
    await options.lifeline.send(row.name, row.data === null ? null : JSON.parse(row.data), {
      idempotencyKey: row.idempotency_key,
      eventId: row.id,
      enqueuedAt: Math.round(row.created_at),
    });
    resent++;
  }
  return resent;
}

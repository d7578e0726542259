import { z } from 'zod';
import { epochMs } from '../internal/schemas';
import { pgTime, ts } from '../internal/sql';
import { parseOrThrow } from '../internal/validate';
import { HOUR_MS } from '../operation-log/log-segments';
import { quotedSchema, type SchemaOptions } from '../schema/identifier';
import type { SqlClient } from '../sql-client';

/** What to delete, by age. An omitted age keeps that kind of row forever. */
export interface PruneOptions extends SchemaOptions {
  /** The caller's clock reading (epoch ms); ages are measured back from it. */
  now: number;
  /** Deletes dead letters resolved longer ago than this. Open and retrying ones are never deleted. */
  resolvedDeadLettersOlderThanMs?: number;
  /**
   * Deletes operation-log rows and their rollups older than this, cut at a whole UTC hour so the rows
   * and rollups that remain still agree.
   */
  logOlderThanMs?: number;
  /** Deletes outbox rows sent longer ago than this. Unsent rows are never deleted. */
  sentOutboxOlderThanMs?: number;
  /** Rows deleted per statement, so no delete holds locks for long; default 10,000. */
  batchSize?: number;
}

/** How many rows {@link prune} deleted, per table. */
export interface PruneReport {
  deadLetters: number;
  idempotencyKeys: number;
  logRows: number;
  rollupRows: number;
  outboxRows: number;
  throttleKeys: number;
}

const age = z.number().finite().nonnegative('must be a number of ms >= 0').optional();
const optionsSchema = z.object({
  now: epochMs,
  resolvedDeadLettersOlderThanMs: age,
  logOlderThanMs: age,
  sentOutboxOlderThanMs: age,
  batchSize: z.number().int().min(1).max(1_000_000).optional(),
});

/** Claims older than this past their lease are abandoned (their holder is long gone): pruned. */
const ABANDONED_CLAIM_MS = 86_400_000;

/**
 * Deletes what Lifeline no longer needs: dead letters resolved before a cut-off, completed idempotency
 * keys past their `expiresAt` (and claims abandoned a day past their lease), operation-log rows and
 * rollups before a cut-off, sent outbox rows before a cut-off, and idle throttle state. Run it from a
 * cron job. Open dead letters, unsent outbox rows and live keys are never touched.
 *
 * Guarantees: deletes in batches of `batchSize` (each its own statement), so it never holds long locks
 * and can be interrupted and re-run; it is idempotent.
 *
 * @example
 * ```ts
 * await prune(sql, {
 *   now: Date.now(),
 *   resolvedDeadLettersOlderThanMs: 30 * 86_400_000,
 *   logOlderThanMs: 14 * 86_400_000,
 *   sentOutboxOlderThanMs: 7 * 86_400_000,
 * });
 * ```
 */
export async function prune(sql: SqlClient, options: PruneOptions): Promise<PruneReport> {
  const o = parseOrThrow(optionsSchema, 'prune options', options);
  const schema = quotedSchema(options);
  const batch = o.batchSize ?? 10_000;

  async function deleteWhere(table: string, condition: string, params: unknown[]): Promise<number> {
    let total = 0;
    for (;;) {
      const { rowCount } = await sql.query(
        `DELETE FROM ${schema}.${table} WHERE ctid = ANY(ARRAY(
           SELECT ctid FROM ${schema}.${table} WHERE ${condition} LIMIT $${params.length + 1}))`,
        [...params, batch],
      );
      total += rowCount;
      if (rowCount < batch) return total;
    }
  }

  const report: PruneReport = {
    deadLetters: 0,
    idempotencyKeys: 0,
    logRows: 0,
    rollupRows: 0,
    outboxRows: 0,
    throttleKeys: 0,
  };
  if (o.resolvedDeadLettersOlderThanMs !== undefined) {
    report.deadLetters = await deleteWhere(
      'dead_letters',
      `status = 'resolved' AND resolved_at < ${ts('$1')}`,
      [pgTime(o.now - o.resolvedDeadLettersOlderThanMs)],
    );
  }
  report.idempotencyKeys = await deleteWhere(
    'idempotency_keys',
    `(status = 'completed' AND expires_at <= ${ts('$1')}) OR (status = 'in_progress' AND lease_expires_at < ${ts('$2')})`,
    [pgTime(o.now), pgTime(o.now - ABANDONED_CLAIM_MS)],
  );
  if (o.logOlderThanMs !== undefined) {
    const cutoff = Math.floor((o.now - o.logOlderThanMs) / HOUR_MS) * HOUR_MS;
    report.logRows = await deleteWhere('operation_log', `at < ${ts('$1')}`, [pgTime(cutoff)]);
    report.rollupRows =
      (await deleteWhere('operation_log_rollup', `bucket < ${ts('$1')}`, [pgTime(cutoff)])) +
      (await deleteWhere('operation_log_tts', `bucket < ${ts('$1')}`, [pgTime(cutoff)]));
  }
  if (o.sentOutboxOlderThanMs !== undefined) {
    report.outboxRows = await deleteWhere('outbox', `sent_at < ${ts('$1')}`, [
      pgTime(o.now - o.sentOutboxOlderThanMs),
    ]);
  }
  report.throttleKeys = await deleteWhere('throttle_state', 'idle_at <= $1::double precision', [o.now]);
  return report;
}

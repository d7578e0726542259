import type { OperationLog } from '@lifeline/core';
import { emptyOutcomeBuckets } from '@lifeline/core/adapter';
import { ms, pgTime, ts } from '../internal/sql';
import { parseOrThrow } from '../internal/validate';
import { quotedSchema, type SchemaOptions } from '../schema/identifier';
import type { SqlClient } from '../sql-client';
import { type AttemptRow, toAttemptRecord } from './attempt-row';
import { fillP95, TTS } from './log-percentiles';
import {
  attemptQuerySchema,
  logRecordSchema as recordSchema,
  logWindowSchema as windowSchema,
} from './log-schemas';
import { HOUR_MS, MINUTE_MS, type Range, segmentsOf } from './log-segments';
import { type GroupRow, summarizeGroups } from './log-summary';

/** Options of {@link postgresOperationLog}. */
export interface PostgresOperationLogOptions extends SchemaOptions {
  /**
   * Up to this many successes of one kind in a window, `p95TimeToSuccessMs` is exact (computed from the
   * rows through an index); above it, it is estimated from hourly log-scale buckets (within about 5% when
   * the window is whole hours; an hour the window covers in part counts with the share it covers).
   * Default 10,000.
   */
  exactPercentileLimit?: number;
}

/**
 * An {@link OperationLog} on Postgres whose health queries stay fast at millions of rows.
 *
 * Guarantees: `append` is one `INSERT`; a statement-level trigger adds each row to per-minute and
 * per-hour rollups (UTC) and to hourly time-to-success buckets in the same transaction, so the rollups
 * never disagree with the rows. `summarize` and `histogram` read whole hours from the hour rollup, the
 * remaining whole minutes from the minute rollup and only the sub-minute edges of the window from raw
 * rows: counts and the mean time to success are exact, and the cost depends on the window's length, not
 * on the rows in it. The p95 is exact up to `exactPercentileLimit` successes per kind and estimated
 * from the hourly buckets above it.
 *
 * @example
 * ```ts
 * const log = postgresOperationLog(sql);
 * const day = await log.summarize({ from: Date.now() - 86_400_000, to: Date.now() });
 * ```
 */
export function postgresOperationLog(
  sql: SqlClient,
  options: PostgresOperationLogOptions = {},
): OperationLog {
  const schema = quotedSchema(options);
  const log = `${schema}.operation_log`;
  const rollup = `${schema}.operation_log_rollup`;
  const tts = `${schema}.operation_log_tts`;
  const exactLimit = options.exactPercentileLimit ?? 10_000;

  /** SQL reading the groups of `[from, to)` with `key` as the bucketing expression over a time column. */
  function groupsQuery(
    window: Range,
    grains: { minute: boolean; hour: boolean },
    key: (time: string) => string,
    keyParams: unknown[] = [],
  ) {
    const segments = segmentsOf(window[0], window[1], grains);
    const params: unknown[] = [...keyParams];
    const ranges = (column: string, list: Range[]) =>
      list
        .map(([from, to]) => {
          params.push(pgTime(from), pgTime(to));
          return `(${column} >= ${ts(`$${params.length - 1}`)} AND ${column} < ${ts(`$${params.length}`)})`;
        })
        .join(' OR ');
    const parts: string[] = [];
    if (segments.raw.length) {
      parts.push(`SELECT ${key('at')} AS k, kind, outcome, attempt > 1 AS retried,
          1::bigint AS n, CASE WHEN outcome = 'succeeded' THEN ${TTS} ELSE 0 END AS tts_sum_ms
        FROM ${log} WHERE ${ranges('at', segments.raw)}`);
    }
    for (const grain of ['minute', 'hour'] as const) {
      if (!segments[grain].length) continue;
      parts.push(`SELECT ${key('bucket')} AS k, kind, outcome, retried, n, tts_sum_ms
        FROM ${rollup} WHERE grain = '${grain}' AND (${ranges('bucket', segments[grain])})`);
    }
    const text = `SELECT k, kind, outcome, retried, sum(n)::double precision AS n, sum(tts_sum_ms)::double precision AS tts_sum
      FROM (${parts.join(' UNION ALL ')}) x GROUP BY k, kind, outcome, retried`;
    return { text, params };
  }

  return {
    async append(input) {
      const record = parseOrThrow(recordSchema, 'operation log record', input);
      await sql.query(
        `INSERT INTO ${log} (operation, kind, idempotency_key, attempt, outcome, at, duration_ms, enqueued_at, error, delay_ms)
         VALUES ($1, $2, $3, $4, $5, ${ts('$6')}, $7, ${ts('$8')}, $9, $10)`,
        [
          record.operation,
          record.kind,
          record.idempotencyKey,
          record.attempt,
          record.outcome,
          pgTime(record.at),
          record.durationMs,
          pgTime(record.enqueuedAt),
          record.error ?? null,
          record.delayMs ?? null,
        ],
      );
    },

    async attempts(input) {
      const query = parseOrThrow(attemptQuerySchema, 'operation log attempt query', input);
      const { rows } = await sql.query<AttemptRow>(
        `SELECT operation, kind, idempotency_key, attempt, outcome, ${ms('at')} AS at, duration_ms,
                ${ms('enqueued_at')} AS enqueued_at, error, delay_ms
         FROM ${log} WHERE idempotency_key = $1 AND ($2::text IS NULL OR operation = $2::text)
         ORDER BY at, attempt, id LIMIT 1000`,
        [query.idempotencyKey, query.operation ?? null],
      );
      return rows.map(toAttemptRecord);
    },

    async summarize(input) {
      const window = parseOrThrow(windowSchema, 'operation log window', input);
      if (window.from === window.to) return summarizeGroups([]);
      const query = groupsQuery([window.from, window.to], { minute: true, hour: true }, () => '0');
      const { rows } = await sql.query<GroupRow>(query.text, query.params);
      const summary = summarizeGroups(rows);
      await fillP95(sql, { log, tts }, summary, window, exactLimit);
      return summary;
    },

    async histogram(input, bucketMs) {
      const window = parseOrThrow(windowSchema, 'operation log window', input);
      const buckets = emptyOutcomeBuckets(window, bucketMs);
      if (buckets.length === 0) return [];
      const grains = { minute: bucketMs % MINUTE_MS === 0, hour: bucketMs % HOUR_MS === 0 };
      const query = groupsQuery(
        [window.from, window.to],
        grains,
        (time) => `floor(${ms(time)} / $1::double precision)::double precision`,
        [bucketMs],
      );
      const { rows } = await sql.query<GroupRow & { k: number }>(query.text, query.params);
      const base = Math.floor(window.from / bucketMs);
      for (const row of rows) {
        const bucket = buckets[row.k - base];
        if (!bucket) continue;
        if (row.outcome === 'succeeded') bucket.succeeded += row.n;
        else if (row.outcome === 'dead_lettered') bucket.deadLettered += row.n;
        else if (row.outcome === 'retrying') bucket.retrying += row.n;
      }
      return buckets;
    },
  };
}

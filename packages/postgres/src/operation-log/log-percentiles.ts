import { OPERATION_KINDS, type OperationKind, type OperationLogSummary } from '@lifeline/core';
import { pgTime, ts } from '../internal/sql';
import type { SqlClient } from '../sql-client';
import { HOUR_MS } from './log-segments';
import { estimateP95 } from './log-summary';

/** @internal SQL for a log row's time to success in ms (`at - enqueued_at`), exact. */
export const TTS = `((extract(epoch FROM at) - extract(epoch FROM enqueued_at)) * 1000)::double precision`;

/**
 * @internal Sets `p95TimeToSuccessMs` of every kind with successes in `window`: exact (nearest rank,
 * `percentile_disc`, from the rows through the partial index of successes) up to `exactLimit`
 * successes, otherwise estimated from the hourly log-scale buckets. Both queries run at once.
 */
export async function fillP95(
  sql: SqlClient,
  tables: { log: string; tts: string },
  summary: OperationLogSummary,
  window: { from: number; to: number },
  exactLimit: number,
): Promise<void> {
  const succeeded = OPERATION_KINDS.filter((kind) => summary[kind].succeeded > 0);
  const exact = succeeded.filter((kind) => summary[kind].succeeded <= exactLimit);
  const estimated = succeeded.filter((kind) => summary[kind].succeeded > exactLimit);
  await Promise.all([
    exact.length > 0 &&
      sql
        .query<{ kind: OperationKind; p95: number }>(
          `SELECT kind, percentile_disc(0.95) WITHIN GROUP (ORDER BY ${TTS}) AS p95
           FROM ${tables.log} WHERE outcome = 'succeeded' AND kind = ANY($1::text[]) AND at >= ${ts('$2')} AND at < ${ts('$3')}
           GROUP BY kind`,
          [exact, pgTime(window.from), pgTime(window.to)],
        )
        .then(({ rows }) => {
          for (const row of rows) summary[row.kind].p95TimeToSuccessMs = row.p95;
        }),
    estimated.length > 0 &&
      sql
        .query<{ kind: OperationKind; tts_bucket: number; hour: number | null; n: number }>(
          // Whole hours inside the window are summed in SQL; the (at most two) partial ones come back
          // per hour, to be weighted by the share of them the window covers.
          `SELECT kind, tts_bucket::integer AS tts_bucket,
             CASE WHEN bucket >= ${ts('$2')} AND bucket < ${ts('$3')} THEN NULL ELSE date_part('epoch', bucket) * 1000 END AS hour,
             sum(n)::double precision AS n
           FROM ${tables.tts} WHERE kind = ANY($1::text[]) AND bucket >= ${ts('$4')} AND bucket < ${ts('$5')}
           GROUP BY 1, 2, 3`,
          [
            estimated,
            pgTime(Math.ceil(window.from / HOUR_MS) * HOUR_MS),
            pgTime(Math.floor(window.to / HOUR_MS) * HOUR_MS),
            pgTime(Math.floor(window.from / HOUR_MS) * HOUR_MS),
            pgTime(window.to),
          ],
        )
        .then(({ rows }) => {
          const share = (hour: number | null) =>
            hour === null
              ? 1
              : Math.max(0, Math.min(hour + HOUR_MS, window.to) - Math.max(hour, window.from)) / HOUR_MS;
          for (const kind of estimated) {
            const weighted = rows
              .filter((b) => b.kind === kind)
              .map((b) => ({ tts_bucket: b.tts_bucket, n: b.n * share(b.hour) }));
            summary[kind].p95TimeToSuccessMs = estimateP95(weighted);
          }
        }),
  ]);
}

import {
  type AttemptRecord,
  type OperationLog,
  type OperationLogSummary,
  type OutcomeBucket,
  ValidationError,
} from '@lifeline/core';
import { planHistogram } from '@lifeline/core/adapter';
import {
  attemptQuerySchema,
  logRecordSchema as recordSchema,
  logWindowSchema as windowSchema,
} from '@lifeline/postgres/adapter';
import type { AnySupabaseClient, SupabaseStoreOptions } from '../client';
import { pgTime } from '../internal/time';
import { parseOrThrow } from '../internal/validate';
import { objectFrom, rpcCaller, unexpectedResponse } from '../rpc';

/** Options of {@link supabaseOperationLog}. */
export interface SupabaseOperationLogOptions extends SupabaseStoreOptions {
  /**
   * Up to this many successes of one kind in a window, `p95TimeToSuccessMs` is exact; above it, it is
   * estimated from hourly log-scale buckets (within about 5%). Default 10,000.
   */
  exactPercentileLimit?: number;
}

/**
 * An {@link OperationLog} on Supabase whose health queries stay fast at millions of rows: the same
 * tables, rollups and queries as `postgresOperationLog`, run inside Postgres by
 * `public.lifeline_log_append`, `lifeline_log_summarize` and `lifeline_log_histogram`.
 *
 * Guarantees: `append` is one `INSERT`; a statement trigger keeps per-minute and per-hour rollups (UTC)
 * in the same transaction. `summarize` and `histogram` read whole hours from the hour rollup, other whole
 * minutes from the minute rollup and only sub-minute edges from raw rows, in one call: counts and the mean
 * time to success are exact; the p95 is exact up to `exactPercentileLimit` successes per kind.
 *
 * @example
 * ```ts
 * const log = supabaseOperationLog(supabase);
 * const day = await log.summarize({ from: Date.now() - 86_400_000, to: Date.now() });
 * ```
 */
export function supabaseOperationLog(
  client: AnySupabaseClient,
  options: SupabaseOperationLogOptions = {},
): OperationLog {
  const rpc = rpcCaller(client, options);
  const exactLimit = options.exactPercentileLimit ?? 10_000;
  if (!Number.isInteger(exactLimit) || exactLimit < 0 || exactLimit > 2_147_483_647) {
    throw new ValidationError('Supabase operation log options', [
      { path: 'exactPercentileLimit', message: 'must be an integer >= 0', received: exactLimit },
    ]);
  }

  return {
    async append(input) {
      const record = parseOrThrow(recordSchema, 'operation log record', input);
      const fn = 'lifeline_log_append';
      const data = await rpc(fn, {
        p_operation: record.operation,
        p_kind: record.kind,
        p_idempotency_key: record.idempotencyKey,
        p_attempt: record.attempt,
        p_outcome: record.outcome,
        p_at: pgTime(record.at),
        p_duration_ms: record.durationMs,
        p_enqueued_at: pgTime(record.enqueuedAt),
        p_error: record.error ?? null,
        p_delay_ms: record.delayMs ?? null,
      });
      if (data !== true) throw unexpectedResponse(fn, data);
    },

    async attempts(input) {
      const query = parseOrThrow(attemptQuerySchema, 'operation log attempt query', input);
      const fn = 'lifeline_log_attempts';
      const data = await rpc(fn, {
        p_idempotency_key: query.idempotencyKey,
        p_operation: query.operation ?? null,
      });
      if (!Array.isArray(data)) throw unexpectedResponse(fn, data);
      return data.map((record) => objectFrom<AttemptRecord>(fn, record));
    },

    async summarize(input) {
      const window = parseOrThrow(windowSchema, 'operation log window', input);
      const fn = 'lifeline_log_summarize';
      const data = await rpc(fn, {
        p_from: pgTime(window.from),
        p_to: pgTime(window.to),
        p_exact_percentile_limit: exactLimit,
      });
      const summary = objectFrom<OperationLogSummary>(fn, data);
      if (!summary.email || !summary.webhook || !summary.job) throw unexpectedResponse(fn, data);
      return summary;
    },

    async histogram(input, bucketMs) {
      const window = parseOrThrow(windowSchema, 'operation log window', input);
      if (planHistogram(window, bucketMs).count === 0) return [];
      const fn = 'lifeline_log_histogram';
      const data = await rpc(fn, {
        p_from: pgTime(window.from),
        p_to: pgTime(window.to),
        p_bucket_ms: bucketMs,
      });
      if (!Array.isArray(data)) throw unexpectedResponse(fn, data);
      return data as OutcomeBucket[];
    },
  };
}

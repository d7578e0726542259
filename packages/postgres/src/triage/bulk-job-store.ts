import { randomUUID } from 'node:crypto';
import type { BulkJobStore } from '@lifeline/core';
import {
  abortSchema,
  bulkItemSchema,
  finishSchema,
  itemListSchema,
  jobListSchema,
  leaseSchema,
  newBulkJobSchema,
} from '@lifeline/core/adapter';
import { decodeCursor, encodeCursor } from '../dead-letters/dead-letter-cursor';
import { toJson } from '../internal/json';
import { pgTime, ts } from '../internal/sql';
import { parseOrThrow } from '../internal/validate';
import { quotedSchema, type SchemaOptions } from '../schema/identifier';
import type { SqlClient } from '../sql-client';
import {
  BULK_ITEM_COLUMNS,
  BULK_JOB_COLUMNS,
  type BulkItemRow,
  type BulkJobRow,
  toBulkItem,
  toBulkJob,
} from './bulk-job-row';

const validId = (id: unknown): id is string => typeof id === 'string' && !id.includes('\u0000');

/**
 * A {@link BulkJobStore} on Postgres: tables `bulk_jobs` and `bulk_job_items` (migration 004).
 * `claim`, `finish` and `requestAbort` are single conditional `UPDATE`s (compare-and-set on status and
 * lease, so of two processes claiming one job at most one wins); `recordItem` inserts the item and
 * advances `processed` and the count in one statement, only while the caller holds the lease and the
 * item is the next one. Run {@link migrate} first.
 *
 * @example
 * ```ts
 * const lifeline = createLifeline({ operations, bulkJobs: postgresBulkJobStore(sql) });
 * ```
 */
export function postgresBulkJobStore(sql: SqlClient, options: SchemaOptions = {}): BulkJobStore {
  const schema = quotedSchema(options);
  const jobs = `${schema}.bulk_jobs`;
  const items = `${schema}.bulk_job_items`;
  const one = async (text: string, params: unknown[]) => {
    const { rows } = await sql.query<BulkJobRow>(text, params);
    return rows[0] && toBulkJob(rows[0]);
  };

  return {
    async create(input) {
      const job = parseOrThrow(newBulkJobSchema, 'bulk job', input);
      const created = await one(
        `INSERT INTO ${jobs} (id, action, filter, ids, by_whom, note, created_at, canary, max_new_failures, pace_ms, total, updated_at)
         VALUES ($1, $2, $3::text::json, $4::text::jsonb, $5, $6, ${ts('$7')}, $8, $9, $10, $11, ${ts('$7')})
         RETURNING ${BULK_JOB_COLUMNS}`,
        [
          `bulk_${randomUUID()}`,
          job.action,
          toJson(job.filter, 'bulk job', 'filter'),
          JSON.stringify(job.ids),
          job.by,
          job.note ?? null,
          pgTime(job.createdAt),
          job.canary,
          job.maxNewFailures,
          job.paceMs,
          job.ids.length,
        ],
      );
      return created!;
    },
    async get(id) {
      if (!validId(id)) return undefined;
      return one(`SELECT ${BULK_JOB_COLUMNS} FROM ${jobs} WHERE id = $1`, [id]);
    },
    async list(input = {}) {
      const options = parseOrThrow(jobListSchema, 'bulk job list options', input);
      const limit = options.limit ?? 50;
      const params: unknown[] = [];
      const where: string[] = [];
      if (options.status !== undefined) {
        params.push([options.status].flat());
        where.push(`status = ANY($${params.length}::text[])`);
      }
      if (options.cursor !== undefined) {
        const after = decodeCursor(options.cursor);
        params.push(pgTime(after.failedAt), after.id);
        where.push(`(j.created_at, j.id) < (${ts(`$${params.length - 1}`)}, $${params.length}::text)`);
      }
      params.push(limit + 1);
      const { rows } = await sql.query<BulkJobRow>(
        `SELECT ${BULK_JOB_COLUMNS} FROM ${jobs} j ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY j.created_at DESC, j.id DESC LIMIT $${params.length}`,
        params,
      );
      const page = rows.slice(0, limit).map(toBulkJob);
      const last = page.at(-1);
      return rows.length > limit && last
        ? { items: page, nextCursor: encodeCursor({ failedAt: last.createdAt, id: last.id }) }
        : { items: page };
    },
    async claim(id, input) {
      const lease = parseOrThrow(leaseSchema, `lease of bulk job "${id}"`, input);
      if (!validId(id)) return undefined;
      return one(
        `UPDATE ${jobs} SET lease_owner = $2, lease_until = ${ts('$3')}
         WHERE id = $1 AND status = 'running'
           AND (lease_until IS NULL OR lease_until <= ${ts('$4')} OR lease_owner = $2)
         RETURNING ${BULK_JOB_COLUMNS}`,
        [id, lease.owner, pgTime(lease.until), pgTime(lease.now)],
      );
    },
    async recordItem(id, owner, input) {
      const item = parseOrThrow(bulkItemSchema, `item of bulk job "${id}"`, input);
      if (!validId(id)) return undefined;
      // The UPDATE is the compare-and-set; the item row is written only when it matched.
      return one(
        `WITH job AS (
           UPDATE ${jobs} SET processed = processed + 1, updated_at = ${ts('$6')},
             counts = jsonb_set(counts, ARRAY[$4::text], to_jsonb((counts->>$4::text)::integer + 1))
           WHERE id = $1 AND status = 'running' AND lease_owner = $2 AND processed = $3
           RETURNING ${BULK_JOB_COLUMNS}
         ), item AS (
           INSERT INTO ${items} (job_id, item_index, dead_letter_id, outcome, error, at)
           SELECT $1, $3, $7, $4, $5, ${ts('$6')} FROM job
         )
         SELECT * FROM job`,
        [id, owner, item.index, item.outcome, item.error ?? null, pgTime(item.at), item.deadLetterId],
      );
    },
    async finish(id, owner, input) {
      const end = parseOrThrow(finishSchema, `end of bulk job "${id}"`, input);
      if (!validId(id)) return undefined;
      return one(
        `UPDATE ${jobs} SET status = $3, finished_at = ${ts('$4')}, updated_at = ${ts('$4')},
           stop_reason = coalesce($5, stop_reason), lease_owner = NULL, lease_until = NULL
         WHERE id = $1 AND status = 'running' AND lease_owner = $2
         RETURNING ${BULK_JOB_COLUMNS}`,
        [id, owner, end.status, pgTime(end.at), end.stopReason ?? null],
      );
    },
    async requestAbort(id, input) {
      const request = parseOrThrow(abortSchema, `abort of bulk job "${id}"`, input);
      if (!validId(id)) return undefined;
      const updated = await one(
        `UPDATE ${jobs} SET abort_requested_by = $2, abort_requested_at = ${ts('$3')}, updated_at = ${ts('$3')}
         WHERE id = $1 AND status = 'running' AND abort_requested_at IS NULL
         RETURNING ${BULK_JOB_COLUMNS}`,
        [id, request.by, pgTime(request.at)],
      );
      return updated ?? one(`SELECT ${BULK_JOB_COLUMNS} FROM ${jobs} WHERE id = $1`, [id]);
    },
    async items(id, input = {}) {
      const options = parseOrThrow(itemListSchema, `items of bulk job "${id}"`, input);
      if (!validId(id)) return { items: [] };
      const start = options.cursor === undefined ? 0 : Number(options.cursor);
      const limit = options.limit ?? 100;
      const { rows } = await sql.query<BulkItemRow>(
        `SELECT ${BULK_ITEM_COLUMNS} FROM ${items} WHERE job_id = $1 AND item_index >= $2 ORDER BY item_index LIMIT $3`,
        [id, start, limit + 1],
      );
      const page = rows.slice(0, limit).map(toBulkItem);
      return rows.length > limit ? { items: page, nextCursor: String(start + limit) } : { items: page };
    },
  };
}

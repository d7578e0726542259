import { randomUUID } from 'node:crypto';
import type { BulkJob, BulkJobItem, BulkJobStore } from '@lifeline/core';
import {
  abortSchema,
  bulkItemSchema,
  finishSchema,
  itemListSchema,
  jobListSchema,
  leaseSchema,
  newBulkJobSchema,
} from '@lifeline/core/adapter';
import type { AnySupabaseClient, SupabaseStoreOptions } from '../client';
import { decodeCursor, encodeCursor } from '../dead-letters/dead-letter-cursor';
import { toJson } from '../internal/json';
import { pgTime } from '../internal/time';
import { isPgText, parseOrThrow } from '../internal/validate';
import { objectFrom, rpcCaller, unexpectedResponse } from '../rpc';

/**
 * A {@link BulkJobStore} on Supabase: `lifeline_bulk_job_*` RPC functions, each one conditional statement
 * (compare-and-set on status, lease and the next item index) like `postgresBulkJobStore`.
 *
 * @example
 * ```ts
 * const lifeline = createLifeline({ operations, bulkJobs: supabaseBulkJobStore(supabase) });
 * ```
 */
export function supabaseBulkJobStore(
  client: AnySupabaseClient,
  options: SupabaseStoreOptions = {},
): BulkJobStore {
  const rpc = rpcCaller(client, options);
  const job = (fn: string, data: unknown) => (data === null ? undefined : objectFrom<BulkJob>(fn, data));
  return {
    async create(input) {
      const planned = parseOrThrow(newBulkJobSchema, 'bulk job', input);
      const fn = 'lifeline_bulk_job_create';
      const data = await rpc(fn, {
        p_id: `bulk_${randomUUID()}`,
        p_action: planned.action,
        p_ids: JSON.stringify(planned.ids),
        p_by: planned.by,
        p_created_at: pgTime(planned.createdAt),
        p_canary: planned.canary,
        p_max_new_failures: planned.maxNewFailures,
        p_pace_ms: planned.paceMs,
        p_filter: toJson(planned.filter, 'bulk job', 'filter'),
        p_note: planned.note ?? null,
      });
      return objectFrom<BulkJob>(fn, data);
    },
    async get(id) {
      if (!isPgText(id)) return undefined;
      const fn = 'lifeline_bulk_job_get';
      return job(fn, await rpc(fn, { p_id: id }));
    },
    async list(input = {}) {
      const options = parseOrThrow(jobListSchema, 'bulk job list options', input);
      const limit = options.limit ?? 50;
      const after = options.cursor === undefined ? undefined : decodeCursor(options.cursor);
      const fn = 'lifeline_bulk_job_list';
      const data = await rpc(fn, {
        p_statuses: options.status === undefined ? null : [options.status].flat(),
        p_after_created_at: after ? pgTime(after.failedAt) : null,
        p_after_id: after ? after.id : null,
        p_limit: limit + 1,
      });
      if (!Array.isArray(data)) throw unexpectedResponse(fn, data);
      const items = data.slice(0, limit).map((item) => objectFrom<BulkJob>(fn, item));
      const last = items.at(-1);
      return data.length > limit && last
        ? { items, nextCursor: encodeCursor({ failedAt: last.createdAt, id: last.id }) }
        : { items };
    },
    async claim(id, input) {
      const lease = parseOrThrow(leaseSchema, `lease of bulk job "${id}"`, input);
      if (!isPgText(id)) return undefined;
      const fn = 'lifeline_bulk_job_claim';
      return job(
        fn,
        await rpc(fn, {
          p_id: id,
          p_owner: lease.owner,
          p_until: pgTime(lease.until),
          p_now: pgTime(lease.now),
        }),
      );
    },
    async recordItem(id, owner, input) {
      const item = parseOrThrow(bulkItemSchema, `item of bulk job "${id}"`, input);
      if (!isPgText(id)) return undefined;
      const fn = 'lifeline_bulk_job_record_item';
      return job(
        fn,
        await rpc(fn, {
          p_id: id,
          p_owner: owner,
          p_index: item.index,
          p_dead_letter_id: item.deadLetterId,
          p_outcome: item.outcome,
          p_at: pgTime(item.at),
          p_error: item.error ?? null,
        }),
      );
    },
    async finish(id, owner, input) {
      const end = parseOrThrow(finishSchema, `end of bulk job "${id}"`, input);
      if (!isPgText(id)) return undefined;
      const fn = 'lifeline_bulk_job_finish';
      return job(
        fn,
        await rpc(fn, {
          p_id: id,
          p_owner: owner,
          p_status: end.status,
          p_at: pgTime(end.at),
          p_stop_reason: end.stopReason ?? null,
        }),
      );
    },
    async requestAbort(id, input) {
      const request = parseOrThrow(abortSchema, `abort of bulk job "${id}"`, input);
      if (!isPgText(id)) return undefined;
      const fn = 'lifeline_bulk_job_request_abort';
      return job(fn, await rpc(fn, { p_id: id, p_by: request.by, p_at: pgTime(request.at) }));
    },
    async items(id, input = {}) {
      const options = parseOrThrow(itemListSchema, `items of bulk job "${id}"`, input);
      if (!isPgText(id)) return { items: [] };
      const start = options.cursor === undefined ? 0 : Number(options.cursor);
      const limit = options.limit ?? 100;
      const fn = 'lifeline_bulk_job_items';
      const data = await rpc(fn, { p_id: id, p_from_index: start, p_limit: limit + 1 });
      if (!Array.isArray(data)) throw unexpectedResponse(fn, data);
      const items = data.slice(0, limit).map((item) => objectFrom<BulkJobItem>(fn, item));
      return data.length > limit ? { items, nextCursor: String(start + limit) } : { items };
    },
  };
}

import type { BulkJob, BulkJobItem, BulkOutcomeCounts, DeadLetterFilter } from '@lifeline/core';
import { fromJson } from '../internal/json';
import { ms } from '../internal/sql';

/** @internal A bulk-job row as {@link BULK_JOB_COLUMNS} selects it. */
export interface BulkJobRow {
  id: string;
  action: BulkJob['action'];
  filter: string | null;
  ids: string;
  by_whom: string;
  note: string | null;
  created_at: number;
  canary: number;
  max_new_failures: number;
  pace_ms: number;
  status: BulkJob['status'];
  total: number;
  processed: number;
  counts: string;
  updated_at: number;
  finished_at: number | null;
  stop_reason: string | null;
  abort_requested_by: string | null;
  abort_requested_at: number | null;
  lease_owner: string | null;
  lease_until: number | null;
}

/** @internal */
export const BULK_JOB_COLUMNS = `id, action, filter::text AS filter, ids::text AS ids, by_whom, note,
  ${ms('created_at')} AS created_at, canary, max_new_failures, pace_ms, status, total, processed,
  counts::text AS counts, ${ms('updated_at')} AS updated_at, ${ms('finished_at')} AS finished_at, stop_reason,
  abort_requested_by, ${ms('abort_requested_at')} AS abort_requested_at, lease_owner, ${ms('lease_until')} AS lease_until`;

/** @internal Maps a row to a {@link BulkJob}; SQL NULLs become absent fields. */
export function toBulkJob(row: BulkJobRow): BulkJob {
  const job: BulkJob = {
    id: row.id,
    action: row.action,
    ids: fromJson(row.ids) as string[],
    by: row.by_whom,
    createdAt: row.created_at,
    canary: row.canary,
    maxNewFailures: row.max_new_failures,
    paceMs: row.pace_ms,
    status: row.status,
    total: row.total,
    processed: row.processed,
    counts: fromJson(row.counts) as BulkOutcomeCounts,
    updatedAt: row.updated_at,
  };
  if (row.filter !== null) job.filter = fromJson(row.filter) as DeadLetterFilter;
  if (row.note !== null) job.note = row.note;
  if (row.finished_at !== null) job.finishedAt = row.finished_at;
  if (row.stop_reason !== null) job.stopReason = row.stop_reason;
  if (row.abort_requested_by !== null) job.abortRequestedBy = row.abort_requested_by;
  if (row.abort_requested_at !== null) job.abortRequestedAt = row.abort_requested_at;
  if (row.lease_owner !== null) job.leaseOwner = row.lease_owner;
  if (row.lease_until !== null) job.leaseUntil = row.lease_until;
  return job;
}

/** @internal A bulk-job item row. */
export interface BulkItemRow {
  job_id: string;
  item_index: number;
  dead_letter_id: string;
  outcome: BulkJobItem['outcome'];
  error: string | null;
  at: number;
}

/** @internal */
export const BULK_ITEM_COLUMNS = `job_id, item_index, dead_letter_id, outcome, error, ${ms('at')} AS at`;

/** @internal */
export function toBulkItem(row: BulkItemRow): BulkJobItem {
  return {
    jobId: row.job_id,
    index: row.item_index,
    deadLetterId: row.dead_letter_id,
    outcome: row.outcome,
    at: row.at,
    ...(row.error === null ? {} : { error: row.error }),
  };
}

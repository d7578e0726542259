import type { QueuedEvent } from '@lifeline/core';
import { fromJson } from '../internal/json';
import { ms, ts } from '../internal/sql';

/** @internal The NOTIFY channel every Lifeline queue uses; the payload says which `schema/queue`. */
export const NOTIFY_CHANNEL = 'lifeline_jobs';

/** @internal The columns a claim returns. */
export interface JobRow {
  row_type: 'job' | 'next';
  id: string | null;
  lease: number | null;
  event_id: string | null;
  name: string | null;
  kind: QueuedEvent['kind'] | null;
  data: string | null;
  idempotency_key: string | null;
  enqueued_at: number | null;
  redrive_of: string | null;
  redrive_by: string | null;
  first_run_at: number | null;
  attempt: number | null;
  /** How many times a worker's lease on this job ran out without a result (counted when claimed again). */
  crashes: number | null;
  trace_context: string | null;
  /** On the `next` row: the earliest `run_at` of the queue's other rows, or null when none is left. */
  next_at: number | null;
}

/** @internal Rebuilds the event as it was enqueued. */
export function eventOf(row: JobRow): QueuedEvent {
  const event: QueuedEvent = {
    id: row.event_id!,
    name: row.name!,
    kind: row.kind!,
    data: fromJson(row.data),
    idempotencyKey: row.idempotency_key!,
    enqueuedAt: row.enqueued_at!,
  };
  if (row.redrive_of !== null) event.redriveOf = row.redrive_of;
  if (row.redrive_by !== null) event.redriveBy = row.redrive_by;
  if (row.first_run_at !== null) event.runAt = row.first_run_at;
  if (row.trace_context !== null) event.traceContext = fromJson(row.trace_context) as Record<string, string>;
  return event;
}

/** @internal The statements of one queue's table. */
export function jobStatements(schema: string) {
  const jobs = `${schema}.jobs`;
  const jobColumns = `'job' AS row_type, id::text AS id, lease, event_id, name, kind, data::text AS data, idempotency_key,
       ${ms('enqueued_at')} AS enqueued_at, redrive_of, redrive_by, ${ms('first_run_at')} AS first_run_at, attempt,
       crashes, trace_context::text AS trace_context, NULL::double precision AS next_at`;
  /**
   * CTEs settling finished attempts, from JSON [{id, lease, run_at?, attempt?}] in `param`: no run_at is
   * final (delete the row), a run_at is a retry then. Fenced by `lease`; a cancelled row is deleted.
   */
  const settle = (param: string) => `input AS (
       SELECT * FROM jsonb_to_recordset(${param}::text::jsonb) AS r(id bigint, lease integer, run_at timestamptz, attempt integer)
     ), finished AS (
       DELETE FROM ${jobs} j USING input r
       WHERE j.id = r.id AND j.lease = r.lease AND (r.run_at IS NULL OR j.cancelled)
       RETURNING j.id
     ), retried AS (
       UPDATE ${jobs} j SET run_at = r.run_at, attempt = r.attempt, claimed = false
       FROM input r
       WHERE j.id = r.id AND j.lease = r.lease AND r.run_at IS NOT NULL AND NOT j.cancelled
       RETURNING j.id
     )`;
  const insertColumns = `(queue, event_id, name, kind, data, idempotency_key, enqueued_at, redrive_of, first_run_at, run_at, redrive_by, trace_context)
     VALUES ($1, $2, $3, $4, $5::text::json, $6, ${ts('$7')}, $8, ${ts('$9')}, ${ts('$10')}, $11, $12::text::json)
     ON CONFLICT (queue, event_id) DO NOTHING`;
  return {
    /** $1..$10 the row, $11 redrive_by, $12 trace_context; inserts once per (queue, event_id). */
    insert: `INSERT INTO ${jobs} ${insertColumns}`,
    /**
     * $1..$9 as `insert`; writes a due row already claimed by this worker (lease 1 ending at $10, redrive_by $12,
     * trace_context $13),
     * settling finished attempts ($11, as in `settleAndClaim`) in the same statement: enqueue, claim and the last settlement in one
     * round trip. Returns the row when it was written (not when the event id was already queued).
     */
    insertClaimed: `WITH ${settle('$11')}, ins AS (
       INSERT INTO ${jobs} (queue, event_id, name, kind, data, idempotency_key, enqueued_at, redrive_of, first_run_at, run_at, lease, claimed, redrive_by, trace_context)
       VALUES ($1, $2, $3, $4, $5::text::json, $6, ${ts('$7')}, $8, ${ts('$9')}, ${ts('$10')}, 1, true, $12, $13::text::json)
       ON CONFLICT (queue, event_id) DO NOTHING
       RETURNING *
     )
     SELECT ${jobColumns} FROM ins`,
    /** The same as `insert`, plus `pg_notify(channel, $13)` when a row was written. */
    insertAndNotify: `WITH ins AS (INSERT INTO ${jobs} ${insertColumns} RETURNING 1)
     SELECT pg_notify('${NOTIFY_CHANNEL}', $13) FROM ins`,

    /**
     * One round trip that settles finished attempts and claims due jobs:
     * $1 queue, $2 settlements as JSON [{id, lease, run_at?, attempt?}] (no run_at: final, delete the row;
     * run_at: retry then), $3 now, $4 how many to claim, $5 ids not to claim (running here or settled
     * now) as an int8[] literal, $6 the lease end of claimed rows. Settlements and leases are fenced by
     * `lease`: a worker whose lease ran out and was claimed again changes nothing. A cancelled row is
     * deleted instead of retried or claimed. A row claimed while still marked claimed (its worker's lease
     * ran out without a result) has `crashes` incremented. Returns the claimed rows and one `next` row with the
     * earliest `run_at` of what is left (null: the queue is empty).
     */
    settleAndClaim: `WITH ${settle('$2')}, due AS (
       SELECT id, cancelled FROM ${jobs}
       WHERE queue = $1 AND run_at <= ${ts('$3')} AND NOT (id = ANY ($5::text::bigint[]))
       ORDER BY run_at, id
       LIMIT $4
       FOR UPDATE SKIP LOCKED
     ), dropped AS (
       DELETE FROM ${jobs} j USING due d WHERE j.id = d.id AND d.cancelled RETURNING j.id
     ), claimed AS (
       UPDATE ${jobs} j SET run_at = ${ts('$6')}, lease = j.lease + 1, claimed = true,
         crashes = j.crashes + CASE WHEN j.claimed THEN 1 ELSE 0 END
       FROM due d WHERE j.id = d.id AND NOT d.cancelled
       RETURNING j.*
     )
     SELECT ${jobColumns} FROM claimed
     UNION ALL
     SELECT 'next', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
       (SELECT ${ms('min(run_at)')} FROM ${jobs}
        WHERE queue = $1 AND NOT (id = ANY ($5::text::bigint[])) AND id NOT IN (SELECT id FROM due))`,

    /** Extends the leases of running jobs: $1 JSON [{id, lease}], $2 the new lease end. */
    heartbeat: `UPDATE ${jobs} j SET run_at = ${ts('$2')}
     FROM jsonb_to_recordset($1::text::jsonb) AS r(id bigint, lease integer)
     WHERE j.id = r.id AND j.lease = r.lease AND j.claimed`,

    /**
     * Cancels a key in one statement: $1 queue, $2 key, $3 now. Rows are locked first (waiting for a
     * claim in flight, then seeing its result); rows not running are deleted, running ones are marked
     * cancelled (their worker deletes them instead of retrying).
     */
    cancel: `WITH locked AS (
       SELECT id, claimed AND run_at > ${ts('$3')} AS running FROM ${jobs}
       WHERE queue = $1 AND idempotency_key = $2
       FOR UPDATE
     ), removed AS (
       DELETE FROM ${jobs} j USING locked l WHERE j.id = l.id AND NOT l.running RETURNING j.id
     ), marked AS (
       UPDATE ${jobs} j SET cancelled = true FROM locked l WHERE j.id = l.id AND l.running RETURNING j.id
     )
     SELECT (SELECT count(*) FROM removed)::integer AS cancelled, (SELECT count(*) FROM marked)::integer AS running`,

    /** What is left in a queue: $1 queue, $2 ids running here (int8[] literal), $3 how many. */
    pending: `SELECT ${jobColumns} FROM ${jobs} WHERE queue = $1 AND (NOT claimed OR id = ANY ($2::text::bigint[]))
     ORDER BY run_at, id LIMIT $3`,
  };
}

/** @internal A Postgres int8[] literal of ids (digits only, so nothing needs quoting). */
export function idArray(ids: Iterable<string>): string {
  return `{${[...ids].join(',')}}`;
}

import { randomUUID } from 'node:crypto';
import {
  type DeadLetterErrorGroup,
  type DeadLetterFilter,
  type DeadLetterStatus,
  type DeadLetterStatusCounts,
  type DeadLetterStore,
  InvalidTransitionError,
  NotFoundError,
} from '@lifeline/core';
import {
  DEAD_LETTER_TRANSITIONS,
  deadLetterSearchText,
  errorFingerprint,
  normalizeSearch,
  REDRIVE_LEASE_EXPIRED_NOTE,
} from '@lifeline/core/adapter';
import { toJson } from '../internal/json';
import { ms, pgTime, ts } from '../internal/sql';
import { parseOrThrow } from '../internal/validate';
import { quotedSchema, type SchemaOptions } from '../schema/identifier';
import type { SqlClient } from '../sql-client';
import { decodeCursor, encodeCursor } from './dead-letter-cursor';
import { DEAD_LETTER_COLUMNS, type DeadLetterRow, toDeadLetter } from './dead-letter-row';
import {
  filterSchema,
  groupOptionsSchema,
  listOptionsSchema,
  newDeadLetterSchema,
  transitionRequestSchema,
} from './dead-letter-schemas';

const DEFAULT_LIMIT = 50;

/** The statuses from which a move to `to` is allowed. */
const sourcesOf = (to: DeadLetterStatus) =>
  (Object.keys(DEAD_LETTER_TRANSITIONS) as DeadLetterStatus[]).filter((from) =>
    DEAD_LETTER_TRANSITIONS[from].includes(to),
  );

/** Builds a WHERE clause for a filter, appending its values to `params`. */
function whereOf(filter: DeadLetterFilter, params: unknown[]): string[] {
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const where: string[] = [];
  if (filter.kind !== undefined) where.push(`kind = ${p(filter.kind)}`);
  if (filter.name !== undefined) where.push(`name = ${p(filter.name)}`);
  if (filter.status !== undefined) {
    const statuses = typeof filter.status === 'string' ? [filter.status] : [...new Set(filter.status)];
    // One status as `=` keeps the (status, failed_at, id) index usable for ordered keyset scans.
    where.push(statuses.length === 1 ? `status = ${p(statuses[0])}` : `status = ANY(${p(statuses)}::text[])`);
  }
  if (filter.from !== undefined) where.push(`failed_at >= ${ts(p(pgTime(filter.from)))}`);
  if (filter.to !== undefined) where.push(`failed_at < ${ts(p(pgTime(filter.to)))}`);
  if (filter.errorFingerprint !== undefined) where.push(`error_fingerprint = ${p(filter.errorFingerprint)}`);
  if (filter.search !== undefined) {
    // A substring match the trigram index serves; \ % _ in the search are literal characters.
    const literal = normalizeSearch(filter.search).replace(/[\\%_]/g, (c) => `\\${c}`);
    where.push(`search_text LIKE ${p(`%${literal}%`)} ESCAPE '\\'`);
  }
  return where;
}

/** True for a `retrying` row whose redrive lease ended at or before `at` (SQL for a timestamptz). */
const expiredAt = (at: string) => `(status = 'retrying' AND redrive_lease_until <= ${at})`;
/** The status a row has at `at`: `open` once its redrive lease has ended. */
const statusAt = (at: string) => `(CASE WHEN ${expiredAt(at)} THEN 'open' ELSE status END)`;
/** The history entry of a reopening by an expired lease, dated at the lease's end. */
const REOPENED = `jsonb_build_array(jsonb_build_object('from', 'retrying', 'to', 'open', 'by', 'system', 'at', ${ms(
  'redrive_lease_until',
)}, 'note', '${REDRIVE_LEASE_EXPIRED_NOTE.replaceAll("'", "''")}'::text))`;
/** SET list that reopens a row whose redrive lease ended. */
const REOPEN = `status = 'open', redrive_lease_until = NULL, history = history || ${REOPENED}`;
/** The search text of an entry without its id: SQL prepends `lower(id)`, which is known only on insert. */
const searchTail = (entry: { idempotencyKey: string; payload: unknown }) =>
  deadLetterSearchText({ id: '', idempotencyKey: entry.idempotencyKey, payload: entry.payload });

const clause = (where: string[]) => (where.length ? `WHERE ${where.join(' AND ')}` : '');

/**
 * A {@link DeadLetterStore} on Postgres (any {@link SqlClient}: PGlite, `pg`, postgres.js).
 *
 * Guarantees: each method is one SQL statement (`list` and `count` first reopen entries whose redrive lease
 * ended, one more statement on a partial index). `record` is `INSERT … ON CONFLICT` on a unique index of
 * unresolved `(name, idempotency_key)`, so the same work failing again (even concurrently, on many
 * connections) merges into its one unresolved entry, attempts added. `list` pages by keyset on `(failed_at, id)` descending
 * through indexes that match the admin filters (a page deep in a million rows costs the same as the
 * first). `transition` is `UPDATE … WHERE id = $1 AND status = ANY($allowed) RETURNING …`, so of two
 * concurrent moves exactly one wins, on one connection or many; the loser gets `InvalidTransitionError`
 * (or `NotFoundError`) and nothing changes. A `retrying` entry whose `redrive_lease_until` has passed
 * counts as `open` in that compare-and-set, and its reopening is written in the same statement. Inputs are validated with zod before any SQL runs.
 * Run {@link migrate} first.
 *
 * @example
 * ```ts
 * const deadLetters = postgresDeadLetterStore(sql);
 * const page = await deadLetters.list({ kind: 'email', status: 'open', limit: 50 });
 * ```
 */
export function postgresDeadLetterStore(sql: SqlClient, options: SchemaOptions = {}): DeadLetterStore {
  const table = `${quotedSchema(options)}.dead_letters`;

  /** Reopens every entry whose redrive lease ended at or before `at` (default: the database's now()). */
  async function reopenExpired(at: number | undefined): Promise<void> {
    await sql.query(`UPDATE ${table} SET ${REOPEN} WHERE ${expiredAt('coalesce($1::timestamptz, now())')}`, [
      at === undefined ? null : pgTime(at),
    ]);
  }

  return {
    async record(input) {
      const entry = parseOrThrow(newDeadLetterSchema, 'dead letter', input);
      const { rows } = await sql.query<DeadLetterRow>(
        `INSERT INTO ${table} AS d (id, kind, name, payload, error, attempts, idempotency_key, first_failed_at, failed_at, meta, error_fingerprint, search_text)
         VALUES ($10, $1, $2, $3::text::json, $4::text::json, $5, $6, ${ts('$7')}, ${ts('$8')}, $9::text::json, $11, lower($10) || $12)
         ON CONFLICT (name, idempotency_key) WHERE status IN ('open', 'retrying') DO UPDATE SET
           error = excluded.error, payload = excluded.payload, meta = coalesce(excluded.meta, d.meta),
           error_fingerprint = excluded.error_fingerprint, search_text = lower(d.id) || $12,
           attempts = d.attempts + excluded.attempts,
           first_failed_at = least(d.first_failed_at, excluded.first_failed_at),
           failed_at = greatest(d.failed_at, excluded.failed_at)
         RETURNING ${DEAD_LETTER_COLUMNS}`,
        [
          entry.kind,
          entry.name,
          toJson(entry.payload, 'dead letter', 'payload'),
          toJson(entry.error, 'dead letter', 'error'),
          entry.attempts,
          entry.idempotencyKey,
          pgTime(entry.firstFailedAt),
          pgTime(entry.failedAt),
          toJson(entry.meta, 'dead letter', 'meta'),
          `dl_${randomUUID()}`,
          errorFingerprint(entry.error),
          searchTail(entry),
        ],
      );
      return toDeadLetter(rows[0]!);
    },

    async get(id) {
      if (typeof id !== 'string' || id.includes('\u0000')) return undefined;
      // One statement: reopen the entry if its redrive lease ended, else read it as it is.
      const { rows } = await sql.query<DeadLetterRow>(
        `WITH reopened AS (UPDATE ${table} SET ${REOPEN} WHERE id = $1 AND ${expiredAt('now()')} RETURNING ${DEAD_LETTER_COLUMNS})
         SELECT * FROM reopened
         UNION ALL SELECT ${DEAD_LETTER_COLUMNS} FROM ${table} WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM reopened)`,
        [id],
      );
      return rows[0] && toDeadLetter(rows[0]);
    },

    async list(input = {}) {
      const options = parseOrThrow(listOptionsSchema, 'dead-letter list options', input);
      const limit = options.limit ?? DEFAULT_LIMIT;
      await reopenExpired(options.at);
      const params: unknown[] = [];
      const where = whereOf(options, params);
      if (options.cursor !== undefined) {
        const after = decodeCursor(options.cursor);
        params.push(pgTime(after.failedAt), after.id);
        where.push(`(d.failed_at, d.id) < (${ts(`$${params.length - 1}`)}, $${params.length}::text)`);
      }
      params.push(limit + 1);
      const { rows } = await sql.query<DeadLetterRow>(
        // Qualified: a bare `failed_at` in ORDER BY would name the epoch-ms output column and defeat the index.
        `SELECT ${DEAD_LETTER_COLUMNS} FROM ${table} d ${clause(where)} ORDER BY d.failed_at DESC, d.id DESC LIMIT $${params.length}`,
        params,
      );
      const items = rows.slice(0, limit).map(toDeadLetter);
      const last = items.at(-1);
      return rows.length > limit && last ? { items, nextCursor: encodeCursor(last) } : { items };
    },

    async count(input = {}) {
      const filter = parseOrThrow(filterSchema, 'dead-letter filter', input);
      await reopenExpired(filter.at);
      const params: unknown[] = [];
      const where = whereOf(filter, params);
      const { rows } = await sql.query<{ n: number }>(
        `SELECT count(*)::double precision AS n FROM ${table} ${clause(where)}`,
        params,
      );
      return rows[0]?.n ?? 0;
    },

    async countByStatus(input = {}) {
      const filter = parseOrThrow(filterSchema, 'dead-letter filter', input);
      await reopenExpired(filter.at);
      const params: unknown[] = [];
      const where = whereOf({ ...filter, status: undefined }, params);
      const { rows } = await sql.query<{ status: DeadLetterStatus; n: number }>(
        `SELECT status, count(*)::double precision AS n FROM ${table} ${clause(where)} GROUP BY status`,
        params,
      );
      const counts: DeadLetterStatusCounts = { open: 0, retrying: 0, resolved: 0 };
      for (const row of rows) counts[row.status] = row.n;
      return counts;
    },

    async groupByError(input = {}) {
      const options = parseOrThrow(groupOptionsSchema, 'dead-letter group options', input);
      await reopenExpired(options.at);
      const params: unknown[] = [];
      const where = clause(whereOf(options, params));
      params.push(options.limit ?? DEFAULT_LIMIT);
      // Count per fingerprint, then read each group's latest entry through the fingerprint index.
      const { rows } = await sql.query<{
        fp: string;
        n: number;
        first: number;
        last: number;
        error: string;
      }>(
        `SELECT g.fp, g.n, ${ms('g.first')} AS first, ${ms('g.last')} AS last, s.error
         FROM (SELECT error_fingerprint AS fp, count(*)::double precision AS n, min(failed_at) AS first, max(failed_at) AS last
               FROM ${table} ${where} GROUP BY error_fingerprint
               ORDER BY n DESC, last DESC, error_fingerprint LIMIT $${params.length}) g
         CROSS JOIN LATERAL (SELECT d.error::text AS error FROM ${table} d
               ${where ? `${where} AND` : 'WHERE'} d.error_fingerprint = g.fp
               ORDER BY d.failed_at DESC, d.id DESC LIMIT 1) s
         ORDER BY g.n DESC, g.last DESC, g.fp`,
        params,
      );
      return rows.map((row): DeadLetterErrorGroup => {
        const error = JSON.parse(row.error) as { name: string; message: string };
        return {
          errorFingerprint: row.fp,
          errorName: error.name,
          sampleMessage: error.message,
          count: row.n,
          firstFailedAt: row.first,
          lastFailedAt: row.last,
        };
      });
    },

    async transition(id, input) {
      const request = parseOrThrow(transitionRequestSchema, `transition of dead letter "${id}"`, input);
      if (typeof id !== 'string' || id.includes('\u0000')) throw new NotFoundError('Dead letter', String(id));
      const from: readonly DeadLetterStatus[] =
        typeof request.from === 'string' ? [request.from] : request.from;
      const allowed = from.filter((status) => DEAD_LETTER_TRANSITIONS[status].includes(request.to));
      // One compare-and-set statement; an entry whose redrive lease ended counts as `open`, and its
      // reopening is written in the same statement (history first, then this move).
      const expired = expiredAt(ts('$8'));
      const { rows } = await sql.query<DeadLetterRow>(
        `UPDATE ${table} SET
           status = $3::text,
           history = history || CASE WHEN ${expired} THEN ${REOPENED} ELSE '[]'::jsonb END
             || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object(
             'from', ${statusAt(ts('$8'))}, 'to', $3::text, 'by', $4::text, 'at', $5::numeric, 'note', $6::text))),
           retry_count = retry_count + CASE WHEN $3::text = 'retrying' THEN 1 ELSE 0 END,
           last_retried_at = CASE WHEN $3::text = 'retrying' THEN ${ts('$8')} ELSE last_retried_at END,
           redrive_lease_until = CASE WHEN $3::text = 'retrying' THEN $9::timestamptz ELSE NULL END,
           resolved_at = CASE WHEN $3::text = 'resolved' THEN ${ts('$8')} ELSE resolved_at END,
           resolved_by = CASE WHEN $3::text = 'resolved' THEN $4::text ELSE resolved_by END,
           note = CASE WHEN $3::text = 'resolved' AND $6::text IS NOT NULL THEN $6::text ELSE note END,
           error = CASE WHEN $3::text = 'open' AND $7::text IS NOT NULL THEN $7::text::json ELSE error END,
           error_fingerprint = CASE WHEN $3::text = 'open' AND $7::text IS NOT NULL THEN $10::text ELSE error_fingerprint END
         WHERE id = $1 AND ${statusAt(ts('$8'))} = ANY($2::text[])
         RETURNING ${DEAD_LETTER_COLUMNS}`,
        [
          id,
          allowed,
          request.to,
          request.by,
          request.at,
          request.note ?? null,
          toJson(request.error, 'transition', 'error'),
          pgTime(request.at),
          request.leaseUntil === undefined ? null : pgTime(request.leaseUntil),
          request.error ? errorFingerprint(request.error) : null,
        ],
      );
      if (rows[0]) return toDeadLetter(rows[0]);
      // The compare-and-set lost: read the status only to say why (nothing is written from it).
      const current = await sql.query<{ status: DeadLetterStatus }>(
        `SELECT ${statusAt(ts('$2'))} AS status FROM ${table} WHERE id = $1`,
        [id, pgTime(request.at)],
      );
      const actual = current.rows[0]?.status;
      if (actual === undefined) throw new NotFoundError('Dead letter', id);
      if (!from.includes(actual)) throw new InvalidTransitionError(id, request.from, actual, request.to);
      throw new InvalidTransitionError(id, sourcesOf(request.to), actual, request.to);
    },
  };
}

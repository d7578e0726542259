import {
  type DeadLetterFilter,
  type DeadLetterStatus,
  type DeadLetterStore,
  InvalidTransitionError,
  NotFoundError,
} from '@lifeline/core';
import { DEAD_LETTER_TRANSITIONS } from '@lifeline/core/adapter';
import { toJson } from '../internal/json';
import { pgTime, ts } from '../internal/sql';
import { parseOrThrow } from '../internal/validate';
import { quotedSchema, type SchemaOptions } from '../schema/identifier';
import type { SqlClient } from '../sql-client';
import { decodeCursor, encodeCursor } from './dead-letter-cursor';
import { DEAD_LETTER_COLUMNS, type DeadLetterRow, toDeadLetter } from './dead-letter-row';
import {
  filterSchema,
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
  return where;
}

const clause = (where: string[]) => (where.length ? `WHERE ${where.join(' AND ')}` : '');

/**
 * A {@link DeadLetterStore} on Postgres (any {@link SqlClient}: PGlite, `pg`, postgres.js).
 *
 * Guarantees: each method is one SQL statement. `record` is `INSERT … ON CONFLICT` on a unique index of
 * unresolved `(name, idempotency_key)`, so the same work failing again (even concurrently, on many
 * connections) merges into its one unresolved entry, attempts added. `list` pages by keyset on `(failed_at, id)` descending
 * through indexes that match the admin filters (a page deep in a million rows costs the same as the
 * first). `transition` is `UPDATE … WHERE id = $1 AND status = ANY($allowed) RETURNING …`, so of two
 * concurrent moves exactly one wins, on one connection or many; the loser gets `InvalidTransitionError`
 * (or `NotFoundError`) and nothing changes. Inputs are validated with zod before any SQL runs.
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

  return {
    async record(input) {
      const entry = parseOrThrow(newDeadLetterSchema, 'dead letter', input);
      const { rows } = await sql.query<DeadLetterRow>(
        `INSERT INTO ${table} AS d (kind, name, payload, error, attempts, idempotency_key, first_failed_at, failed_at, meta)
         VALUES ($1, $2, $3::text::json, $4::text::json, $5, $6, ${ts('$7')}, ${ts('$8')}, $9::text::json)
         ON CONFLICT (name, idempotency_key) WHERE status IN ('open', 'retrying') DO UPDATE SET
           error = excluded.error, payload = excluded.payload, meta = coalesce(excluded.meta, d.meta),
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
        ],
      );
      return toDeadLetter(rows[0]!);
    },

    async get(id) {
      if (typeof id !== 'string' || id.includes('\u0000')) return undefined;
      const { rows } = await sql.query<DeadLetterRow>(
        `SELECT ${DEAD_LETTER_COLUMNS} FROM ${table} WHERE id = $1`,
        [id],
      );
      return rows[0] && toDeadLetter(rows[0]);
    },

    async list(input = {}) {
      const options = parseOrThrow(listOptionsSchema, 'dead-letter list options', input);
      const limit = options.limit ?? DEFAULT_LIMIT;
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
      const params: unknown[] = [];
      const where = whereOf(filter, params);
      const { rows } = await sql.query<{ n: number }>(
        `SELECT count(*)::double precision AS n FROM ${table} ${clause(where)}`,
        params,
      );
      return rows[0]?.n ?? 0;
    },

    async transition(id, input) {
      const request = parseOrThrow(transitionRequestSchema, `transition of dead letter "${id}"`, input);
      if (typeof id !== 'string' || id.includes('\u0000')) throw new NotFoundError('Dead letter', String(id));
      const from: readonly DeadLetterStatus[] =
        typeof request.from === 'string' ? [request.from] : request.from;
      const allowed = from.filter((status) => DEAD_LETTER_TRANSITIONS[status].includes(request.to));
      const { rows } = await sql.query<DeadLetterRow>(
        `UPDATE ${table} SET
           status = $3::text,
           history = history || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object(
             'from', status, 'to', $3::text, 'by', $4::text, 'at', $5::numeric, 'note', $6::text))),
           retry_count = retry_count + CASE WHEN $3::text = 'retrying' THEN 1 ELSE 0 END,
           last_retried_at = CASE WHEN $3::text = 'retrying' THEN ${ts('$8')} ELSE last_retried_at END,
           resolved_at = CASE WHEN $3::text = 'resolved' THEN ${ts('$8')} ELSE resolved_at END,
           resolved_by = CASE WHEN $3::text = 'resolved' THEN $4::text ELSE resolved_by END,
           note = CASE WHEN $3::text = 'resolved' AND $6::text IS NOT NULL THEN $6::text ELSE note END,
           error = CASE WHEN $3::text = 'open' AND $7::text IS NOT NULL THEN $7::text::json ELSE error END
         WHERE id = $1 AND status = ANY($2::text[])
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
        ],
      );
      if (rows[0]) return toDeadLetter(rows[0]);
      // The compare-and-set lost: read the status only to say why (nothing is written from it).
      const current = await sql.query<{ status: DeadLetterStatus }>(
        `SELECT status FROM ${table} WHERE id = $1`,
        [id],
      );
      const actual = current.rows[0]?.status;
      if (actual === undefined) throw new NotFoundError('Dead letter', id);
      if (!from.includes(actual)) throw new InvalidTransitionError(id, request.from, actual, request.to);
      throw new InvalidTransitionError(id, sourcesOf(request.to), actual, request.to);
    },
  };
}

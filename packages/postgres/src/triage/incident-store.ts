import type { IncidentChange, IncidentState, IncidentStore } from '@lifeline/core';
import { fingerprintSchema, incidentUpdateSchema } from '@lifeline/core/adapter';
import { fromJson } from '../internal/json';
import { ms, pgTime, ts } from '../internal/sql';
import { parseOrThrow } from '../internal/validate';
import { quotedSchema, type SchemaOptions } from '../schema/identifier';
import type { SqlClient } from '../sql-client';

interface IncidentRow {
  error_fingerprint: string;
  status: IncidentState['status'];
  muted_until: number | null;
  updated_by: string;
  updated_at: number;
  resolved_at: number | null;
  note: string | null;
  history: string;
}

const COLUMNS = `error_fingerprint, status, ${ms('muted_until')} AS muted_until, updated_by, ${ms('updated_at')} AS updated_at,
  ${ms('resolved_at')} AS resolved_at, note, history::text AS history`;

function toState(row: IncidentRow): IncidentState {
  return {
    errorFingerprint: row.error_fingerprint,
    status: row.status,
    updatedBy: row.updated_by,
    updatedAt: row.updated_at,
    history: fromJson(row.history) as IncidentChange[],
    ...(row.muted_until === null ? {} : { mutedUntil: row.muted_until }),
    ...(row.resolved_at === null ? {} : { resolvedAt: row.resolved_at }),
    ...(row.note === null ? {} : { note: row.note }),
  };
}

/**
 * An {@link IncidentStore} on Postgres: table `incidents` (migration 004). `update` is one
 * `INSERT … ON CONFLICT DO UPDATE`, so concurrent updates of one fingerprint are serialised by the row
 * lock and each lands in `history`. Run {@link migrate} first.
 *
 * @example
 * ```ts
 * const lifeline = createLifeline({ operations, incidents: postgresIncidentStore(sql) });
 * ```
 */
export function postgresIncidentStore(sql: SqlClient, options: SchemaOptions = {}): IncidentStore {
  const table = `${quotedSchema(options)}.incidents`;
  return {
    async get(fingerprint) {
      if (typeof fingerprint !== 'string' || fingerprint.includes('\u0000')) return undefined;
      const { rows } = await sql.query<IncidentRow>(
        `SELECT ${COLUMNS} FROM ${table} WHERE error_fingerprint = $1`,
        [fingerprint],
      );
      return rows[0] && toState(rows[0]);
    },
    async getMany(fingerprints) {
      const wanted = fingerprints.filter((fp) => typeof fp === 'string' && !fp.includes('\u0000'));
      if (wanted.length === 0) return [];
      const { rows } = await sql.query<IncidentRow>(
        `SELECT ${COLUMNS} FROM ${table} WHERE error_fingerprint = ANY($1::text[])`,
        [wanted],
      );
      return rows.map(toState);
    },
    async update(fingerprintInput, input) {
      const fingerprint = parseOrThrow(fingerprintSchema, 'incident fingerprint', fingerprintInput);
      const update = parseOrThrow(incidentUpdateSchema, `update of incident "${fingerprint}"`, input);
      // $2 status (NULL: unchanged), $3 mute: NULL unchanged, $4 true = unmute.
      const { rows } = await sql.query<IncidentRow>(
        `WITH next AS (
           SELECT coalesce($2::text, i.status, 'open') AS status,
                  CASE WHEN $4::boolean THEN NULL ELSE coalesce(${ts('$3')}, i.muted_until) END AS muted_until,
                  CASE WHEN $2::text = 'resolved' THEN ${ts('$6')} ELSE i.resolved_at END AS resolved_at,
                  coalesce($7::text, i.note) AS note
           FROM (SELECT 1) one LEFT JOIN ${table} i ON i.error_fingerprint = $1
         )
         INSERT INTO ${table} AS t (error_fingerprint, status, muted_until, updated_by, updated_at, resolved_at, note, history)
         SELECT $1, n.status, n.muted_until, $5, ${ts('$6')}, n.resolved_at, n.note,
                jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('status', n.status, 'by', $5::text, 'at', $8::numeric,
                  'note', $7::text, 'mutedUntil', (extract(epoch FROM n.muted_until) * 1000)::double precision)))
         FROM next n
         ON CONFLICT (error_fingerprint) DO UPDATE SET
           status = coalesce($2::text, t.status),
           muted_until = CASE WHEN $4::boolean THEN NULL ELSE coalesce(${ts('$3')}, t.muted_until) END,
           resolved_at = CASE WHEN $2::text = 'resolved' THEN ${ts('$6')} ELSE t.resolved_at END,
           note = coalesce($7::text, t.note),
           updated_by = excluded.updated_by, updated_at = excluded.updated_at,
           history = t.history || jsonb_build_array(jsonb_strip_nulls(jsonb_build_object(
             'status', coalesce($2::text, t.status), 'by', $5::text, 'at', $8::numeric, 'note', $7::text,
             'mutedUntil', (extract(epoch FROM CASE WHEN $4::boolean THEN NULL ELSE coalesce(${ts('$3')}, t.muted_until) END) * 1000)::double precision)))
         RETURNING ${COLUMNS}`,
        [
          fingerprint,
          update.status ?? null,
          typeof update.mutedUntil === 'number' ? pgTime(update.mutedUntil) : null,
          update.mutedUntil === null,
          update.by,
          pgTime(update.at),
          update.note ?? null,
          update.at,
        ],
      );
      return toState(rows[0]!);
    },
  };
}

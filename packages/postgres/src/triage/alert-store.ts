import { randomUUID } from 'node:crypto';
import type { AlertFilter, AlertRecord, AlertStore } from '@lifeline/core';
import { alertFilterSchema, alertListSchema, alertRecordSchema } from '@lifeline/core/adapter';
import { decodeCursor, encodeCursor } from '../dead-letters/dead-letter-cursor';
import { fromJson, toJson } from '../internal/json';
import { ms, pgTime, ts } from '../internal/sql';
import { parseOrThrow } from '../internal/validate';
import { quotedSchema, type SchemaOptions } from '../schema/identifier';
import type { SqlClient } from '../sql-client';

interface AlertRow {
  id: string;
  at: number;
  severity: AlertRecord['severity'];
  title: string;
  message: string;
  fields: string | null;
  dedupe_key: string | null;
  url: string | null;
  delivered: boolean;
  error: string | null;
}

const COLUMNS = `id, ${ms('at')} AS at, severity, title, message, fields::text AS fields, dedupe_key, url, delivered, error`;

function toAlert(row: AlertRow): AlertRecord {
  return {
    id: row.id,
    at: row.at,
    severity: row.severity,
    title: row.title,
    message: row.message,
    delivered: row.delivered,
    ...(row.fields === null ? {} : { fields: fromJson(row.fields) as AlertRecord['fields'] }),
    ...(row.dedupe_key === null ? {} : { dedupeKey: row.dedupe_key }),
    ...(row.url === null ? {} : { url: row.url }),
    ...(row.error === null ? {} : { error: row.error }),
  };
}

function whereOf(filter: AlertFilter, params: unknown[]): string[] {
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const where: string[] = [];
  if (filter.from !== undefined) where.push(`at >= ${ts(p(pgTime(filter.from)))}`);
  if (filter.to !== undefined) where.push(`at < ${ts(p(pgTime(filter.to)))}`);
  if (filter.severity !== undefined) {
    const wanted = [filter.severity].flat();
    where.push(wanted.length === 1 ? `severity = ${p(wanted[0])}` : `severity = ANY(${p(wanted)}::text[])`);
  }
  return where;
}

const clause = (where: string[]) => (where.length ? `WHERE ${where.join(' AND ')}` : '');

/**
 * An {@link AlertStore} on Postgres: table `alerts` (migration 004). `append` is one `INSERT`; `list` pages
 * by keyset on `(at, id)` descending through `alerts_page` / `alerts_severity_page`, so any page costs the
 * same; `count` applies the same filter. Run {@link migrate} first.
 *
 * @example
 * ```ts
 * const lifeline = createLifeline({ operations, alerts: postgresAlertStore(sql) });
 * ```
 */
export function postgresAlertStore(sql: SqlClient, options: SchemaOptions = {}): AlertStore {
  const table = `${quotedSchema(options)}.alerts`;
  return {
    async append(input) {
      const alert = parseOrThrow(alertRecordSchema, 'alert record', input);
      const fields =
        alert.fields &&
        Object.fromEntries(Object.entries(alert.fields).filter(([, value]) => value !== undefined));
      const { rows } = await sql.query<AlertRow>(
        `INSERT INTO ${table} (id, at, severity, title, message, fields, dedupe_key, url, delivered, error)
         VALUES ($1, ${ts('$2')}, $3, $4, $5, $6::text::json, $7, $8, $9, $10) RETURNING ${COLUMNS}`,
        [
          `al_${randomUUID()}`,
          pgTime(alert.at),
          alert.severity,
          alert.title,
          alert.message,
          toJson(fields, 'alert record', 'fields'),
          alert.dedupeKey ?? null,
          alert.url ?? null,
          alert.delivered,
          alert.error ?? null,
        ],
      );
      return toAlert(rows[0]!);
    },
    async list(input = {}) {
      const options = parseOrThrow(alertListSchema, 'alert list options', input);
      const limit = options.limit ?? 50;
      const params: unknown[] = [];
      const where = whereOf(options, params);
      if (options.cursor !== undefined) {
        const after = decodeCursor(options.cursor);
        params.push(pgTime(after.failedAt), after.id);
        where.push(`(a.at, a.id) < (${ts(`$${params.length - 1}`)}, $${params.length}::text)`);
      }
      params.push(limit + 1);
      const { rows } = await sql.query<AlertRow>(
        `SELECT ${COLUMNS} FROM ${table} a ${clause(where)} ORDER BY a.at DESC, a.id DESC LIMIT $${params.length}`,
        params,
      );
      const items = rows.slice(0, limit).map(toAlert);
      const last = items.at(-1);
      return rows.length > limit && last
        ? { items, nextCursor: encodeCursor({ failedAt: last.at, id: last.id }) }
        : { items };
    },
    async count(input = {}) {
      const filter = parseOrThrow(alertFilterSchema, 'alert filter', input);
      const params: unknown[] = [];
      const { rows } = await sql.query<{ n: number }>(
        `SELECT count(*)::double precision AS n FROM ${table} ${clause(whereOf(filter, params))}`,
        params,
      );
      return rows[0]?.n ?? 0;
    },
  };
}

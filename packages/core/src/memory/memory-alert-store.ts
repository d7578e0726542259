import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { AlertFilter, AlertRecord, AlertStore } from '../contracts/alert-store';
import { compareNewestFirst, decodeCursor, encodeCursor } from './dead-letter-cursor';
import { pageLimit, parseOrThrow } from './dead-letter-schemas';

const time = z.number().finite('must be a finite number of epoch ms');
const severity = z.enum(['info', 'warning', 'critical']);
const fieldValue = z.union([z.string(), z.number(), z.boolean(), z.null(), z.undefined()]);

/** zod schemas of the alert store's inputs, shared with the SQL adapters. */
export const alertRecordSchema = z.object({
  severity,
  title: z.string().min(1, 'must be a non-empty string'),
  message: z.string(),
  fields: z.record(z.string(), fieldValue).optional(),
  dedupeKey: z.string().optional(),
  url: z.string().optional(),
  at: time,
  delivered: z.boolean(),
  error: z.string().optional(),
});

/** The alert store input schema, shared with the SQL adapters. */
export const alertFilterSchema = z.object({
  from: time.optional(),
  to: time.optional(),
  severity: z.union([severity, z.array(severity)]).optional(),
});

/** The alert store input schema, shared with the SQL adapters. */
export const alertListSchema = alertFilterSchema.extend({
  cursor: z.string().optional(),
  limit: pageLimit,
});

function matches(record: AlertRecord, filter: AlertFilter): boolean {
  if (filter.from !== undefined && record.at < filter.from) return false;
  if (filter.to !== undefined && record.at >= filter.to) return false;
  if (filter.severity !== undefined) {
    const wanted = typeof filter.severity === 'string' ? [filter.severity] : filter.severity;
    if (!wanted.includes(record.severity)) return false;
  }
  return true;
}

/**
 * An in-memory {@link AlertStore}: the default of `createLifeline({ alerts })`, for tests and one process.
 * Keeps the whole contract (keyset pagination over `(at, id)` descending, copies in and out) and at most
 * `max` records (default 10,000), dropping the oldest.
 *
 * @example
 * ```ts
 * const alerts = memoryAlertStore();
 * const page = await alerts.list({ severity: 'critical', limit: 20 });
 * ```
 */
export function memoryAlertStore(options: { max?: number } = {}): AlertStore {
  const max = options.max ?? 10_000;
  const records: AlertRecord[] = [];
  const position = (record: AlertRecord) => ({ failedAt: record.at, id: record.id });

  return {
    async append(input) {
      const parsed = parseOrThrow(alertRecordSchema, 'alert record', input);
      const fields =
        parsed.fields &&
        Object.fromEntries(Object.entries(parsed.fields).filter(([, value]) => value !== undefined));
      const record = { ...parsed, ...(fields ? { fields } : {}), id: `al_${randomUUID()}` } as AlertRecord;
      records.push(record);
      if (records.length > max) records.shift();
      return structuredClone(record);
    },
    async list(input = {}) {
      const options = parseOrThrow(alertListSchema, 'alert list options', input);
      const after = options.cursor === undefined ? undefined : decodeCursor(options.cursor);
      const limit = options.limit ?? 50;
      const page = records
        .filter(
          (record) => matches(record, options) && (!after || compareNewestFirst(after, position(record)) < 0),
        )
        .sort((a, b) => compareNewestFirst(position(a), position(b)));
      const items = page.slice(0, limit).map((record) => structuredClone(record));
      const last = items.at(-1);
      return page.length > limit && last ? { items, nextCursor: encodeCursor(position(last)) } : { items };
    },
    async count(input = {}) {
      const filter = parseOrThrow(alertFilterSchema, 'alert filter', input);
      return records.filter((record) => matches(record, filter)).length;
    },
  };
}

import { z } from 'zod';
import {
  checkRange,
  cursorSchema,
  fingerprintSchema,
  kindSchema,
  nameSchema,
  searchSchema,
  statusSchema,
  timeParamSchema,
  windowParamSchema,
} from '../api/query-schemas';

/** Drops empty values, which plain GET forms send for untouched fields. */
export function withoutEmpty(query: Record<string, string | string[]>): Record<string, string | string[]> {
  return Object.fromEntries(
    Object.entries(query).filter(
      ([, value]) => value !== '' && !(Array.isArray(value) && value.length === 0),
    ),
  );
}

/** Quick time ranges of the filter form (`range=24h`: failed within the last 24 hours). */
export const RANGES = {
  '1h': 3_600_000,
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
  '30d': 30 * 86_400_000,
} as const;

const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;
/** A time from the form: `datetime-local` input (read as UTC, like every time on the pages), ISO 8601 or epoch ms. */
const formTimeSchema = z
  .string()
  .transform((value) => (LOCAL_DATE_TIME.test(value.trim()) ? `${value.trim()}Z` : value))
  .pipe(timeParamSchema);

/** The failed-operations page's query (the filter form's fields); unknown parameters are ignored. */
export const failedOperationsPageQuerySchema = z
  .object({
    q: searchSchema.optional(),
    kind: kindSchema.optional(),
    name: nameSchema.optional(),
    status: statusSchema.optional(),
    error: fingerprintSchema.optional(),
    range: z
      .enum(Object.keys(RANGES) as ['1h', '24h', '7d', '30d'], { error: 'must be 1h, 24h, 7d or 30d' })
      .optional(),
    from: formTimeSchema.optional(),
    to: formTimeSchema.optional(),
    showResolved: z.enum(['1', 'on', 'true'], { error: 'must be 1 or absent' }).optional(),
    cursor: cursorSchema.optional(),
    reveal: z.enum(['1'], { error: 'must be 1 or absent' }).optional(),
  })
  .superRefine(checkRange);

/** A parsed failed-operations page query. */
export type FailedOperationsPageQuery = z.output<typeof failedOperationsPageQuerySchema>;

/** The health page's query. */
export const healthPageQuerySchema = z.object({ window: windowParamSchema.optional() });

/** The query string that keeps the current filters (and page) on links to details and back. */
export function filterParams(query: FailedOperationsPageQuery, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  if (query.q) params.set('q', query.q);
  if (query.kind) params.set('kind', query.kind);
  if (query.name) params.set('name', query.name);
  if (query.status) params.set('status', query.status);
  if (query.error) params.set('error', query.error);
  if (query.range) params.set('range', query.range);
  if (query.from !== undefined) params.set('from', new Date(query.from).toISOString());
  if (query.to !== undefined) params.set('to', new Date(query.to).toISOString());
  if (query.showResolved) params.set('showResolved', '1');
  if (query.cursor) params.set('cursor', query.cursor);
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

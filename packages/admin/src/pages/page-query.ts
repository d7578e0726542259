import { z } from 'zod';
import { cursorSchema, kindSchema, nameSchema, statusSchema, windowParamSchema } from '../api/query-schemas';

/** Drops empty values, which plain GET forms send for untouched fields. */
export function withoutEmpty(query: Record<string, string | string[]>): Record<string, string | string[]> {
  return Object.fromEntries(
    Object.entries(query).filter(
      ([, value]) => value !== '' && !(Array.isArray(value) && value.length === 0),
    ),
  );
}

/** The failed-operations page's query (the filter form's fields); unknown parameters are ignored. */
export const failedOperationsPageQuerySchema = z.object({
  kind: kindSchema.optional(),
  name: nameSchema.optional(),
  status: statusSchema.optional(),
  showResolved: z.enum(['1', 'on', 'true'], { error: 'must be 1 or absent' }).optional(),
  cursor: cursorSchema.optional(),
  reveal: z.enum(['1'], { error: 'must be 1 or absent' }).optional(),
});

/** A parsed failed-operations page query. */
export type FailedOperationsPageQuery = z.output<typeof failedOperationsPageQuerySchema>;

/** The health page's query. */
export const healthPageQuerySchema = z.object({ window: windowParamSchema.optional() });

/** The query string that keeps the current filters (and page) on links to details and back. */
export function filterParams(query: FailedOperationsPageQuery, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  if (query.kind) params.set('kind', query.kind);
  if (query.name) params.set('name', query.name);
  if (query.status) params.set('status', query.status);
  if (query.showResolved) params.set('showResolved', '1');
  if (query.cursor) params.set('cursor', query.cursor);
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

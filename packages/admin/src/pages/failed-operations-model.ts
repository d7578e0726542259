import { isValidationError } from '@lifeline/core';
import { type FailedOperationsPage, listFailedOperations } from '../api/list-failed-operations';
import type { ListQuery } from '../api/query-schemas';
import { errorGroups, statusTotals, type TriageFilter } from '../api/triage-port';
import type { AdminContext } from '../context';
import { type FieldIssue, fieldIssues, queryObject } from '../http/validation';
import type { ListViewModel } from './failed-operations-list';
import {
  type FailedOperationsPageQuery,
  failedOperationsPageQuerySchema,
  filterParams,
  RANGES,
  withoutEmpty,
} from './page-query';

/** The page's query, parsed; invalid fields are reported and ignored. */
export function parsePageQuery(url: URL): { query: FailedOperationsPageQuery; issues: FieldIssue[] } {
  const raw = withoutEmpty(queryObject(url));
  const parsed = failedOperationsPageQuerySchema.safeParse(raw);
  if (parsed.success) return { query: parsed.data, issues: [] };
  const issues = fieldIssues(parsed.error, raw);
  // Keep the valid fields: drop only the ones that were wrong.
  const bad = new Set(issues.map((issue) => issue.field.split('.')[0]));
  const kept = Object.fromEntries(Object.entries(raw).filter(([key]) => !bad.has(key)));
  const retry = failedOperationsPageQuerySchema.safeParse(kept);
  return { query: retry.success ? retry.data : {}, issues };
}

/** The store filter of a page query (status aside): search, error, kind, name and the time range. */
export function triageFilter(query: FailedOperationsPageQuery, now: number): TriageFilter {
  const filter: TriageFilter = {};
  if (query.q) filter.search = query.q;
  if (query.error) filter.errorFingerprint = query.error;
  if (query.kind) filter.kind = query.kind;
  if (query.name) filter.name = query.name;
  const from = query.from ?? (query.range ? now - RANGES[query.range] : undefined);
  if (from !== undefined) filter.from = from;
  if (query.to !== undefined) filter.to = query.to;
  return filter;
}

/** Everything the list shows for a query: one page, totals per status, groups by error. */
export async function loadListModel(
  ctx: AdminContext,
  query: FailedOperationsPageQuery,
  selectedId?: string,
): Promise<{ model: ListViewModel; query: FailedOperationsPageQuery; issues: FieldIssue[] }> {
  const { lifeline, basePath: base } = ctx.options;
  const now = lifeline.clock.now();
  const filter = triageFilter(query, now);
  const statuses = query.status
    ? [query.status]
    : query.showResolved
      ? undefined
      : ['open' as const, 'retrying' as const];
  const listQuery: ListQuery = {
    ...(query.q ? { q: query.q } : {}),
    ...(query.error ? { error: query.error } : {}),
    ...(query.kind ? { kind: query.kind } : {}),
    ...(query.name ? { name: query.name } : {}),
    ...(statuses ? { status: statuses } : {}),
    ...(filter.from !== undefined ? { from: filter.from } : {}),
    ...(filter.to !== undefined ? { to: filter.to } : {}),
    ...(query.cursor ? { cursor: query.cursor } : {}),
  };
  let issues: FieldIssue[] = [];
  let page: FailedOperationsPage;
  try {
    page = await listFailedOperations(lifeline, listQuery);
  } catch (error) {
    if (!isValidationError(error)) throw error;
    issues = error.issues.map((issue) => ({ field: issue.path, message: issue.message }));
    query = { ...query, cursor: undefined };
    const { cursor: _cursor, ...first } = listQuery;
    page = await listFailedOperations(lifeline, first);
  }
  const statusFilter = statuses ? { ...filter, status: statuses } : filter;
  const [totals, groups] = await Promise.all([
    statusTotals(lifeline, filter),
    errorGroups(lifeline, statusFilter),
  ]);
  const bulkFilter: Record<string, unknown> = {
    ...(query.q ? { q: query.q } : {}),
    ...(query.error ? { error: query.error } : {}),
    ...(query.kind ? { kind: query.kind } : {}),
    ...(query.name ? { name: query.name } : {}),
    ...(filter.from !== undefined ? { from: filter.from } : {}),
    ...(filter.to !== undefined ? { to: filter.to } : {}),
    status: 'open',
  };
  const model: ListViewModel = {
    basePath: base,
    query,
    page,
    operationNames: [...lifeline.operations.keys()].sort(),
    now,
    ...(selectedId ? { selectedId } : {}),
    totals,
    groups,
    bulkFilter,
    liveSrc: `${base}/api/views/failed-operations${filterParams(query)}`,
    refreshMs: ctx.options.refreshMs,
  };
  return { model, query, issues };
}

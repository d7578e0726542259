import type { AdminContext } from '../context';
import { errorResponse, jsonResponse } from '../http/responses';
import { listFragments } from '../pages/failed-operations-list';
import { loadListModel, parsePageQuery } from '../pages/failed-operations-model';

/**
 * `GET {base}/api/views/failed-operations?<the page's query>`: the list page's live regions (totals, groups
 * by error, rows, counts) as HTML fragments rendered by the same code as the page, every value escaped.
 * The page's script polls it and swaps what changed, so the list refreshes without a reload and without
 * touching the filter form. Invalid filters: 400.
 */
export async function failedOperationsViewRoute(ctx: AdminContext): Promise<Response> {
  const parsed = parsePageQuery(ctx.url);
  if (parsed.issues.length > 0) {
    return errorResponse(400, 'Invalid filters', { issues: parsed.issues });
  }
  const { model } = await loadListModel(ctx, parsed.query);
  return jsonResponse({ generatedAt: model.now, fragments: listFragments(model) });
}

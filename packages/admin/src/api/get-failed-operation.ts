import { type Lifeline, NotFoundError } from '@lifeline/core';
import type { AdminContext } from '../context';
import { errorResponse, jsonResponse } from '../http/responses';
import { parseInput, queryObject } from '../http/validation';
import type { AttemptView } from '../pages/attempts-table';
import { maskSecrets } from './mask';
import { type FailedOperationView, presentEntry } from './present-entry';
import { detailQuerySchema } from './query-schemas';

/**
 * Every attempt of the entry's work from the operation log (its idempotency key and operation), oldest
 * first, errors masked unless revealed. A redrive's attempts follow the original ones (numbered from 1 again).
 */
export async function loadAttempts(
  lifeline: Lifeline,
  entry: { idempotencyKey: string; name: string },
  reveal: boolean,
): Promise<AttemptView[]> {
  const records = await lifeline.log.attempts({
    idempotencyKey: entry.idempotencyKey,
    operation: entry.name,
  });
  return records.map((record) => ({
    attempt: record.attempt,
    at: record.at,
    durationMs: record.durationMs,
    outcome: record.outcome,
    ...(record.error === undefined ? {} : { error: reveal ? record.error : maskSecrets(record.error).value }),
    ...(record.delayMs === undefined ? {} : { delayMs: record.delayMs }),
  }));
}

/** Loads one entry with history, stacks and its attempts; throws NotFoundError for an unknown id. */
export async function getFailedOperation(
  lifeline: Lifeline,
  id: string,
  reveal: boolean,
): Promise<FailedOperationView & { attemptLog: AttemptView[] }> {
  const entry = await lifeline.deadLetters.get(id);
  if (!entry) throw new NotFoundError('Failed operation', id);
  const view = presentEntry(entry, { detail: true, reveal, registered: lifeline.operations.has(entry.name) });
  return { ...view, attemptLog: await loadAttempts(lifeline, entry, reveal) };
}

/** Whether this admin may reveal masked fields (the handler's `canReveal`, default: every admin). */
export async function mayReveal(ctx: AdminContext): Promise<boolean> {
  return Boolean(await ctx.options.canReveal(ctx.admin, ctx.request));
}

/** Logs a reveal (who, which entry), so showing secrets always leaves a trace. */
export function logReveal(ctx: AdminContext, id: string): void {
  ctx.options.lifeline.logger.warn('lifeline admin: masked fields revealed', { id, by: ctx.admin });
}

/** `GET {base}/api/failed-operations/:id[?reveal=1]` */
export async function getFailedOperationRoute(ctx: AdminContext, id: string): Promise<Response> {
  const parsed = parseInput(detailQuerySchema, 'query', queryObject(ctx.url));
  if (!parsed.ok) return parsed.response;
  const wantsReveal = parsed.value.reveal === '1' || parsed.value.reveal === 'true';
  if (wantsReveal && !(await mayReveal(ctx))) {
    return errorResponse(403, `${ctx.admin} may not reveal masked fields (canReveal refused)`);
  }
  const entry = await getFailedOperation(ctx.options.lifeline, id, wantsReveal);
  if (wantsReveal) logReveal(ctx, id);
  return jsonResponse({
    entry,
    revealed: wantsReveal,
    ...(wantsReveal
      ? { revealedBy: ctx.admin, notice: 'Secrets are shown unmasked; this reveal was logged.' }
      : {}),
  });
}

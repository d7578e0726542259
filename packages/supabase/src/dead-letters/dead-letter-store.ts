import { randomUUID } from 'node:crypto';
import {
  type DeadLetter,
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
} from '@lifeline/core/adapter';
import type { AnySupabaseClient, SupabaseStoreOptions } from '../client';
import { toJson } from '../internal/json';
import { pgTime } from '../internal/time';
import { isPgText, parseOrThrow } from '../internal/validate';
import { objectFrom, rpcCaller, unexpectedResponse } from '../rpc';
import { isSupabaseRpcError } from '../supabase-rpc-error';
import { decodeCursor, encodeCursor } from './dead-letter-cursor';
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

/** The filter arguments shared by `lifeline_dead_letter_list` and `lifeline_dead_letter_count`. */
function filterArgs(filter: DeadLetterFilter) {
  const statuses =
    filter.status === undefined
      ? null
      : typeof filter.status === 'string'
        ? [filter.status]
        : [...new Set(filter.status)];
  return {
    p_kind: filter.kind ?? null,
    p_name: filter.name ?? null,
    p_statuses: statuses,
    p_from: filter.from === undefined ? null : pgTime(filter.from),
    p_to: filter.to === undefined ? null : pgTime(filter.to),
    p_at: filter.at === undefined ? null : pgTime(filter.at),
    p_search_pattern: filter.search === undefined ? null : searchPattern(filter.search),
    p_error_fingerprint: filter.errorFingerprint ?? null,
  };
}

/** The LIKE pattern of a search: lower-cased as the stored search text, with \ % _ escaped. */
const searchPattern = (search: string) => `%${normalizeSearch(search).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * A {@link DeadLetterStore} on Supabase: each method is one call of an RPC function of the
 * `@lifeline/supabase` migration (`public.lifeline_dead_letter_*`), which runs one atomic statement,
 * the same as `postgresDeadLetterStore`'s.
 *
 * Guarantees: `record` is `INSERT … ON CONFLICT` on the unique index of unresolved `(name,
 * idempotency_key)`, so the same work failing again (even concurrently) merges into its one unresolved
 * entry. `list` pages by keyset on `(failedAt, id)` through indexes matching the admin filters.
 * `transition` is a compare-and-set `UPDATE … WHERE status = ANY(from)`: of two concurrent moves exactly
 * one wins; the loser gets `InvalidTransitionError` (or `NotFoundError`) and nothing changes. An entry whose
 * redrive lease has ended counts as `open` (reopened in the same statement; `list`/`count`/`get` reopen
 * such entries first). Inputs are
 * validated with zod before any request. The client must be `service_role` or an admin
 * (`lifeline.is_admin()`); anyone else gets a `ConfigurationError` saying so.
 *
 * @example
 * ```ts
 * const deadLetters = supabaseDeadLetterStore(supabase);
 * const page = await deadLetters.list({ kind: 'email', status: 'open', limit: 50 });
 * ```
 */
export function supabaseDeadLetterStore(
  client: AnySupabaseClient,
  options: SupabaseStoreOptions = {},
): DeadLetterStore {
  const rpc = rpcCaller(client, options);
  const entry = (fn: string, data: unknown) => objectFrom<DeadLetter>(fn, data);

  return {
    async record(input) {
      const e = parseOrThrow(newDeadLetterSchema, 'dead letter', input);
      const fn = 'lifeline_dead_letter_record';
      const data = await rpc(fn, {
        p_id: `dl_${randomUUID()}`,
        p_error_fingerprint: errorFingerprint(e.error),
        // The search text without the id (the function prepends the id of the row it writes).
        p_search_tail: deadLetterSearchText({ id: '', idempotencyKey: e.idempotencyKey, payload: e.payload }),
        p_kind: e.kind,
        p_name: e.name,
        p_payload: toJson(e.payload, 'dead letter', 'payload'),
        p_error: toJson(e.error, 'dead letter', 'error'),
        p_attempts: e.attempts,
        p_idempotency_key: e.idempotencyKey,
        p_first_failed_at: pgTime(e.firstFailedAt),
        p_failed_at: pgTime(e.failedAt),
        p_meta: toJson(e.meta, 'dead letter', 'meta'),
      });
      return entry(fn, data);
    },

    async get(id) {
      if (!isPgText(id)) return undefined;
      const fn = 'lifeline_dead_letter_get';
      const data = await rpc(fn, { p_id: id });
      return data === null ? undefined : entry(fn, data);
    },

    async list(input = {}) {
      const options = parseOrThrow(listOptionsSchema, 'dead-letter list options', input);
      const limit = options.limit ?? DEFAULT_LIMIT;
      const after = options.cursor === undefined ? undefined : decodeCursor(options.cursor);
      const fn = 'lifeline_dead_letter_list';
      const data = await rpc(fn, {
        ...filterArgs(options),
        p_after_failed_at: after ? pgTime(after.failedAt) : null,
        p_after_id: after ? after.id : null,
        p_limit: limit + 1,
      });
      if (!Array.isArray(data)) throw unexpectedResponse(fn, data);
      const items = data.slice(0, limit).map((item) => entry(fn, item));
      const last = items.at(-1);
      return data.length > limit && last ? { items, nextCursor: encodeCursor(last) } : { items };
    },

    async count(input = {}) {
      const filter = parseOrThrow(filterSchema, 'dead-letter filter', input);
      const fn = 'lifeline_dead_letter_count';
      const data = await rpc(fn, filterArgs(filter));
      if (typeof data !== 'number') throw unexpectedResponse(fn, data);
      return data;
    },

    async countByStatus(input = {}) {
      const filter = parseOrThrow(filterSchema, 'dead-letter filter', input);
      const fn = 'lifeline_dead_letter_count_by_status';
      const { p_statuses: _statuses, ...args } = filterArgs(filter);
      const counts = objectFrom<DeadLetterStatusCounts>(fn, await rpc(fn, args));
      if (
        typeof counts.open !== 'number' ||
        typeof counts.retrying !== 'number' ||
        typeof counts.resolved !== 'number'
      )
        throw unexpectedResponse(fn, counts);
      return { open: counts.open, retrying: counts.retrying, resolved: counts.resolved };
    },

    async groupByError(input = {}) {
      const options = parseOrThrow(groupOptionsSchema, 'dead-letter group options', input);
      const fn = 'lifeline_dead_letter_group_by_error';
      const data = await rpc(fn, { ...filterArgs(options), p_limit: options.limit ?? DEFAULT_LIMIT });
      if (!Array.isArray(data)) throw unexpectedResponse(fn, data);
      return data.map((group) => objectFrom<DeadLetterErrorGroup>(fn, group));
    },

    async transition(id, input) {
      const request = parseOrThrow(transitionRequestSchema, `transition of dead letter "${id}"`, input);
      if (!isPgText(id)) throw new NotFoundError('Dead letter', String(id));
      const from: readonly DeadLetterStatus[] =
        typeof request.from === 'string' ? [request.from] : request.from;
      const fn = 'lifeline_dead_letter_transition';
      try {
        const data = await rpc(fn, {
          p_id: id,
          p_from: [...new Set(from)],
          p_to: request.to,
          p_by: request.by,
          p_at: pgTime(request.at),
          p_note: request.note ?? null,
          p_error: toJson(request.error, 'transition', 'error'),
          p_lease_until: request.leaseUntil === undefined ? null : pgTime(request.leaseUntil),
          p_error_fingerprint: request.error ? errorFingerprint(request.error) : null,
        });
        return entry(fn, data);
      } catch (error) {
        if (!isSupabaseRpcError(error)) throw error;
        if (error.pgCode === 'LL404') throw new NotFoundError('Dead letter', id);
        if (error.pgCode !== 'LL409') throw error;
        // The compare-and-set lost; the function says what the status was.
        const actual = error.details as DeadLetterStatus;
        if (!from.includes(actual)) throw new InvalidTransitionError(id, request.from, actual, request.to);
        throw new InvalidTransitionError(id, sourcesOf(request.to), actual, request.to);
      }
    },
  };
}

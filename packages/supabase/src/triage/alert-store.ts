import { randomUUID } from 'node:crypto';
import type { AlertFilter, AlertRecord, AlertStore } from '@lifeline/core';
import { alertFilterSchema, alertListSchema, alertRecordSchema } from '@lifeline/core/adapter';
import type { AnySupabaseClient, SupabaseStoreOptions } from '../client';
import { decodeCursor, encodeCursor } from '../dead-letters/dead-letter-cursor';
import { toJson } from '../internal/json';
import { pgTime } from '../internal/time';
import { parseOrThrow } from '../internal/validate';
import { objectFrom, rpcCaller, unexpectedResponse } from '../rpc';

const filterArgs = (filter: AlertFilter) => ({
  p_from: filter.from === undefined ? null : pgTime(filter.from),
  p_to: filter.to === undefined ? null : pgTime(filter.to),
  p_severities: filter.severity === undefined ? null : [filter.severity].flat(),
});

/**
 * An {@link AlertStore} on Supabase: RPC functions `lifeline_alert_append`, `_list` and `_count` of the
 * migration over table `lifeline.alerts`, with the same keyset order `(at, id)` descending and cursors as
 * `postgresAlertStore`. The client must be `service_role` or an admin.
 *
 * @example
 * ```ts
 * const lifeline = createLifeline({ operations, alerts: supabaseAlertStore(supabase) });
 * ```
 */
export function supabaseAlertStore(
  client: AnySupabaseClient,
  options: SupabaseStoreOptions = {},
): AlertStore {
  const rpc = rpcCaller(client, options);
  return {
    async append(input) {
      const alert = parseOrThrow(alertRecordSchema, 'alert record', input);
      const fields =
        alert.fields &&
        Object.fromEntries(Object.entries(alert.fields).filter(([, value]) => value !== undefined));
      const fn = 'lifeline_alert_append';
      const data = await rpc(fn, {
        p_id: `al_${randomUUID()}`,
        p_at: pgTime(alert.at),
        p_severity: alert.severity,
        p_title: alert.title,
        p_message: alert.message,
        p_delivered: alert.delivered,
        p_fields: toJson(fields, 'alert record', 'fields'),
        p_dedupe_key: alert.dedupeKey ?? null,
        p_url: alert.url ?? null,
        p_error: alert.error ?? null,
      });
      return objectFrom<AlertRecord>(fn, data);
    },
    async list(input = {}) {
      const options = parseOrThrow(alertListSchema, 'alert list options', input);
      const limit = options.limit ?? 50;
      const after = options.cursor === undefined ? undefined : decodeCursor(options.cursor);
      const fn = 'lifeline_alert_list';
      const data = await rpc(fn, {
        ...filterArgs(options),
        p_after_at: after ? pgTime(after.failedAt) : null,
        p_after_id: after ? after.id : null,
        p_limit: limit + 1,
      });
      if (!Array.isArray(data)) throw unexpectedResponse(fn, data);
      const items = data.slice(0, limit).map((item) => objectFrom<AlertRecord>(fn, item));
      const last = items.at(-1);
      return data.length > limit && last
        ? { items, nextCursor: encodeCursor({ failedAt: last.at, id: last.id }) }
        : { items };
    },
    async count(input = {}) {
      const filter = parseOrThrow(alertFilterSchema, 'alert filter', input);
      const fn = 'lifeline_alert_count';
      const data = await rpc(fn, filterArgs(filter));
      if (typeof data !== 'number') throw unexpectedResponse(fn, data);
      return data;
    },
  };
}

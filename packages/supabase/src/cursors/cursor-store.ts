import type { PostgresCursorStore } from '@lifeline/postgres';
import { z } from 'zod';
import type { AnySupabaseClient, SupabaseStoreOptions } from '../client';
import { nonEmptyText, pgText } from '../internal/schemas';
import { isPgText, parseOrThrow } from '../internal/validate';
import { rpcCaller, unexpectedResponse } from '../rpc';

const entrySchema = z.object({ key: nonEmptyText, value: pgText });

/**
 * Where an incremental job got to (e.g. the last reconciled Stripe event), in the `lifeline.cursors`
 * table through `public.lifeline_cursor_*`: the same interface as `postgresCursorStore`, so it works
 * as the `cursorStore` of `@lifeline/stripe`'s reconciliation. Each method is one statement
 * (`INSERT … ON CONFLICT`, `UPDATE … WHERE value = expected`).
 *
 * @example
 * ```ts
 * await reconcileCheckouts({ stripe, lifeline, operation: checkout.completed, isFulfilled, cursorStore: supabaseCursorStore(supabase) });
 * ```
 */
export function supabaseCursorStore(
  client: AnySupabaseClient,
  options: SupabaseStoreOptions = {},
): PostgresCursorStore {
  const rpc = rpcCaller(client, options);
  const check = (key: string, value: string) => parseOrThrow(entrySchema, `cursor "${key}"`, { key, value });
  const boolean = async (fn: string, args: Record<string, unknown>) => {
    const data = await rpc(fn, args);
    if (typeof data !== 'boolean') throw unexpectedResponse(fn, data);
    return data;
  };
  return {
    async get(key) {
      if (!isPgText(key)) return undefined;
      const fn = 'lifeline_cursor_get';
      const data = await rpc(fn, { p_key: key });
      if (data !== null && typeof data !== 'string') throw unexpectedResponse(fn, data);
      return data ?? undefined;
    },
    async set(key, value) {
      check(key, value);
      await boolean('lifeline_cursor_set', { p_key: key, p_value: value });
    },
    async compareAndSet(key, expected, value) {
      check(key, value);
      if (expected !== undefined && !isPgText(expected)) return false;
      return boolean('lifeline_cursor_compare_and_set', {
        p_key: key,
        p_expected: expected ?? null,
        p_value: value,
      });
    },
    async delete(key) {
      if (!isPgText(key)) return;
      await boolean('lifeline_cursor_delete', { p_key: key });
    },
  };
}

import type { ThrottleStore } from '@lifeline/core';
import { z } from 'zod';
import type { AnySupabaseClient, SupabaseStoreOptions } from '../client';
import { epochMs, pgText } from '../internal/schemas';
import { parseOrThrow } from '../internal/validate';
import { rpcCaller, unexpectedResponse } from '../rpc';

const reserveSchema = z.object({
  key: pgText,
  limit: z
    .number()
    .int('must be an integer')
    .positive('must be at least 1')
    .max(100_000, 'must be at most 100000'),
  periodMs: z.number().finite().positive('must be a positive number of ms'),
  now: epochMs,
});

/**
 * A {@link ThrottleStore} on Supabase, shared by every server that uses the project, with the same
 * algorithm as `memoryThrottleStore` and `postgresThrottleStore`: each key keeps the start times of its
 * last `limit` slots; a new slot starts at the earliest time not before `now`, not before the previous
 * slot, and a full `periodMs` after the slot `limit` places back.
 *
 * Guarantees: `reserve` is one call of `public.lifeline_throttle_reserve`, one `INSERT … ON CONFLICT (key)
 * DO UPDATE` computing the new slots from the locked row, so concurrent reservations get distinct,
 * correctly spaced slots. Keys idle for a whole period start afresh.
 *
 * @example
 * ```ts
 * const lifeline = createLifeline({ operations, throttleStore: supabaseThrottleStore(supabase) });
 * ```
 */
export function supabaseThrottleStore(
  client: AnySupabaseClient,
  options: SupabaseStoreOptions = {},
): ThrottleStore {
  const rpc = rpcCaller(client, options);
  return {
    async reserve(key, limit, periodMs, now) {
      parseOrThrow(reserveSchema, `throttle reservation for "${key}"`, { key, limit, periodMs, now });
      const fn = 'lifeline_throttle_reserve';
      const data = await rpc(fn, { p_key: key, p_limit: limit, p_period_ms: periodMs, p_now: now });
      if (typeof data !== 'number') throw unexpectedResponse(fn, data);
      return data;
    },
  };
}

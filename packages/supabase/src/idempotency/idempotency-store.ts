import type { ClaimResult, IdempotencyRecord, IdempotencyStore } from '@lifeline/core';
import { z } from 'zod';
import type { AnySupabaseClient, SupabaseStoreOptions } from '../client';
import { toJson } from '../internal/json';
import { epochMs, nonEmptyText, pgText } from '../internal/schemas';
import { pgTime } from '../internal/time';
import { isPgText, parseOrThrow } from '../internal/validate';
import { objectFrom, rpcCaller, unexpectedResponse } from '../rpc';

const claimSchema = z.object({
  key: nonEmptyText,
  fingerprint: pgText,
  leaseMs: z.number().finite().positive('must be a positive number of ms'),
  now: epochMs,
});
const completeSchema = z.object({
  key: nonEmptyText,
  token: z.string(),
  now: epochMs,
  ttlMs: z.number().finite().nonnegative('must be a number of ms >= 0').optional(),
});

const CLAIM_STATUSES = new Set(['claimed', 'completed', 'in_progress', 'mismatch']);

/**
 * A {@link IdempotencyStore} on Supabase: each method is one call of an RPC function of the
 * `@lifeline/supabase` migration (`public.lifeline_idempotency_*`).
 *
 * Guarantees: `claim` is decided inside Postgres by one `INSERT … ON CONFLICT (key) DO UPDATE … WHERE
 * <the key is free>` (new, lease expired, or completed and past `expiresAt`): of any number of concurrent
 * claims exactly one gets `claimed`; the others read the key in the same call and get `in_progress`,
 * `completed` or `mismatch`. `complete` and `release` are single statements guarded by `token` and
 * `status = 'in_progress'`, so a token whose key was reclaimed changes nothing. Times come from the
 * caller (`now`), never from the database clock. Results are stored as JSON.
 *
 * @example
 * ```ts
 * const lifeline = createLifeline({ operations, idempotency: supabaseIdempotencyStore(supabase) });
 * ```
 */
export function supabaseIdempotencyStore(
  client: AnySupabaseClient,
  options: SupabaseStoreOptions = {},
): IdempotencyStore {
  const rpc = rpcCaller(client, options);
  const boolean = async (fn: string, args: Record<string, unknown>) => {
    const data = await rpc(fn, args);
    if (typeof data !== 'boolean') throw unexpectedResponse(fn, data);
    return data;
  };

  return {
    async claim(key, fingerprint, leaseMs, now): Promise<ClaimResult> {
      parseOrThrow(claimSchema, `claim of idempotency key "${key}"`, { key, fingerprint, leaseMs, now });
      const fn = 'lifeline_idempotency_claim';
      const result = objectFrom<ClaimResult>(
        fn,
        await rpc(fn, {
          p_key: key,
          p_fingerprint: fingerprint,
          p_lease_expires_at: pgTime(now + leaseMs),
          p_now: pgTime(now),
        }),
      );
      if (!CLAIM_STATUSES.has(result.status)) throw unexpectedResponse(fn, result);
      // The caller's own arithmetic, exactly as the other stores report it.
      if (result.status === 'claimed')
        return { status: 'claimed', token: result.token, leaseExpiresAt: now + leaseMs };
      return result;
    },

    async complete(key, token, result, now, ttlMs) {
      parseOrThrow(completeSchema, `completion of idempotency key "${key}"`, { key, token, now, ttlMs });
      if (!isPgText(token)) return false;
      return boolean('lifeline_idempotency_complete', {
        p_key: key,
        p_token: token,
        p_result: toJson(result === undefined ? null : result, 'idempotency result', 'result'),
        p_now: pgTime(now),
        p_expires_at: ttlMs === undefined ? null : pgTime(now + ttlMs),
      });
    },

    async release(key, token) {
      if (!isPgText(key) || !isPgText(token)) return false;
      return boolean('lifeline_idempotency_release', { p_key: key, p_token: token });
    },

    async get(key): Promise<IdempotencyRecord | undefined> {
      if (!isPgText(key)) return undefined;
      const fn = 'lifeline_idempotency_get';
      const data = await rpc(fn, { p_key: key });
      return data === null ? undefined : objectFrom<IdempotencyRecord>(fn, data);
    },

    async forget(key) {
      if (!isPgText(key)) return;
      await boolean('lifeline_idempotency_forget', { p_key: key });
    },
  };
}

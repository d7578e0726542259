import { randomUUID } from 'node:crypto';
import {
  type ClaimResult,
  type IdempotencyRecord,
  type IdempotencyStore,
  LifelineError,
} from '@lifeline/core';
import { z } from 'zod';
import { fromJson, toJson } from '../internal/json';
import { epochMs, nonEmptyText, pgText } from '../internal/schemas';
import { ms, pgTime, ts } from '../internal/sql';
import { parseOrThrow } from '../internal/validate';
import { quotedSchema, type SchemaOptions } from '../schema/identifier';
import type { SqlClient } from '../sql-client';

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

interface KeyRow {
  fingerprint: string;
  status: 'in_progress' | 'completed';
  lease_expires_at: number | null;
  result: string | null;
  completed_at: number | null;
  expires_at: number | null;
}

/** Rounds of take-or-read before `claim` gives up (each needs the key to change hands in between). */
const MAX_CLAIM_ROUNDS = 20;

/** Whether a stored key still binds at `now`: a running lease, or a result not yet expired. */
const isLive = (row: KeyRow, now: number) =>
  row.status === 'in_progress'
    ? row.lease_expires_at! > now
    : row.expires_at === null || row.expires_at > now;

/**
 * A {@link IdempotencyStore} on Postgres.
 *
 * Guarantees: the claim is decided by one `INSERT … ON CONFLICT (key) DO UPDATE … WHERE <free>` that
 * takes the key only when it is free (new, lease expired, or completed and past `expiresAt`): of any
 * number of concurrent claims, on any number of connections, exactly one gets `claimed`. A claim that
 * does not take the key then reads it once to report `in_progress`, `completed` or `mismatch` (and
 * claims again if the key went free in between). `complete` and `release` are single statements guarded
 * by `token` and `status = 'in_progress'`, so a token whose key was reclaimed changes nothing.
 * Times come from the caller (`now`), never from the database clock. Results are stored as JSON.
 *
 * @example
 * ```ts
 * const idempotency = postgresIdempotencyStore(sql);
 * const lifeline = createLifeline({ operations, idempotency });
 * ```
 */
export function postgresIdempotencyStore(sql: SqlClient, options: SchemaOptions = {}): IdempotencyStore {
  const table = `${quotedSchema(options)}.idempotency_keys`;
  const take = `INSERT INTO ${table} AS k (key, fingerprint, status, token, lease_expires_at)
     VALUES ($1, $2, 'in_progress', $3, ${ts('$4')})
     ON CONFLICT (key) DO UPDATE SET fingerprint = excluded.fingerprint, status = excluded.status, token = excluded.token,
       lease_expires_at = excluded.lease_expires_at, result = NULL, completed_at = NULL, expires_at = NULL
     WHERE k.status = 'in_progress' AND k.lease_expires_at <= ${ts('$5')}
        OR k.status = 'completed' AND k.expires_at <= ${ts('$5')}`;
  const read = `SELECT fingerprint, status, ${ms('lease_expires_at')} AS lease_expires_at, result::text AS result,
       ${ms('completed_at')} AS completed_at, ${ms('expires_at')} AS expires_at
     FROM ${table} WHERE key = $1`;

  return {
    async claim(key, fingerprint, leaseMs, now): Promise<ClaimResult> {
      parseOrThrow(claimSchema, `claim of idempotency key "${key}"`, { key, fingerprint, leaseMs, now });
      for (let round = 0; round < MAX_CLAIM_ROUNDS; round++) {
        const token = randomUUID();
        const taken = await sql.query(take, [key, fingerprint, token, pgTime(now + leaseMs), pgTime(now)]);
        if (taken.rowCount === 1) return { status: 'claimed', token, leaseExpiresAt: now + leaseMs };
        // Someone holds the key: read its state only to report it. If it went free in between
        // (released, forgotten), the loop claims again; the decision is always the INSERT's.
        const { rows } = await sql.query<KeyRow>(read, [key]);
        const row = rows[0];
        if (!row || !isLive(row, now)) continue;
        if (row.fingerprint !== fingerprint)
          return { status: 'mismatch', storedFingerprint: row.fingerprint };
        if (row.status === 'completed')
          return {
            status: 'completed',
            result: fromJson(row.result) ?? null,
            completedAt: row.completed_at!,
          };
        return { status: 'in_progress', leaseExpiresAt: row.lease_expires_at! };
      }
      throw new LifelineError(
        `Idempotency key "${key}" changed hands ${MAX_CLAIM_ROUNDS} times during one claim; retry the claim`,
      );
    },

    async complete(key, token, result, now, ttlMs) {
      parseOrThrow(completeSchema, `completion of idempotency key "${key}"`, { key, token, now, ttlMs });
      if (token.includes('\u0000')) return false;
      const { rowCount } = await sql.query(
        `UPDATE ${table} SET status = 'completed', result = $3::text::json, completed_at = ${ts('$4')},
           expires_at = ${ts('$5')}, token = NULL, lease_expires_at = NULL
         WHERE key = $1 AND token = $2 AND status = 'in_progress'`,
        [
          key,
          token,
          toJson(result === undefined ? null : result, 'idempotency result', 'result'),
          pgTime(now),
          ttlMs === undefined ? null : pgTime(now + ttlMs),
        ],
      );
      return rowCount > 0;
    },

    async release(key, token) {
      if (typeof key !== 'string' || typeof token !== 'string' || `${key}${token}`.includes('\u0000'))
        return false;
      const { rowCount } = await sql.query(
        `DELETE FROM ${table} WHERE key = $1 AND token = $2 AND status = 'in_progress'`,
        [key, token],
      );
      return rowCount > 0;
    },

    async get(key): Promise<IdempotencyRecord | undefined> {
      if (typeof key !== 'string' || key.includes('\u0000')) return undefined;
      const { rows } = await sql.query<KeyRow & { key: string }>(
        `SELECT key, fingerprint, status, ${ms('lease_expires_at')} AS lease_expires_at, result::text AS result,
           ${ms('expires_at')} AS expires_at
         FROM ${table} WHERE key = $1`,
        [key],
      );
      const row = rows[0];
      if (!row) return undefined;
      const record: IdempotencyRecord = { key: row.key, fingerprint: row.fingerprint, status: row.status };
      if (row.status === 'completed') record.result = fromJson(row.result) ?? null;
      if (row.lease_expires_at !== null) record.leaseExpiresAt = row.lease_expires_at;
      if (row.expires_at !== null) record.expiresAt = row.expires_at;
      return record;
    },

    async forget(key) {
      if (typeof key !== 'string' || key.includes('\u0000')) return;
      await sql.query(`DELETE FROM ${table} WHERE key = $1`, [key]);
    },
  };
}

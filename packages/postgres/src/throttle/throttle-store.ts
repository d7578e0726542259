import type { ThrottleStore } from '@lifeline/core';
import { z } from 'zod';
import { epochMs, pgText } from '../internal/schemas';
import { parseOrThrow } from '../internal/validate';
import { quotedSchema, type SchemaOptions } from '../schema/identifier';
import type { SqlClient } from '../sql-client';

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
 * A {@link ThrottleStore} on Postgres, shared by every process that uses the same database, with the
 * same algorithm as `memoryThrottleStore`: each key keeps the start times of its last `limit` slots, and
 * a new slot starts at the earliest time not before `now`, not before the previous slot, and a full
 * `periodMs` after the slot `limit` places back. No window of `periodMs` holds more than `limit` starts.
 *
 * Guarantees: `reserve` is one `INSERT … ON CONFLICT (key) DO UPDATE` computing the new slots from the
 * locked row (`throttle_next()` in SQL), so concurrent reservations on any number of connections get
 * distinct, correctly spaced slots. Keys idle for a whole period start afresh.
 *
 * @example
 * ```ts
 * const lifeline = createLifeline({ operations, throttleStore: postgresThrottleStore(sql) });
 * ```
 */
export function postgresThrottleStore(sql: SqlClient, options: SchemaOptions = {}): ThrottleStore {
  const schema = quotedSchema(options);
  const next = `${schema}.throttle_next(t.starts, t.idle_at, $2, $3, $4)`;
  return {
    async reserve(key, limit, periodMs, now) {
      parseOrThrow(reserveSchema, `throttle reservation for "${key}"`, { key, limit, periodMs, now });
      const { rows } = await sql.query<{ start: number }>(
        `INSERT INTO ${schema}.throttle_state AS t (key, starts, idle_at)
         VALUES ($1, ARRAY[$4::double precision], $4::double precision + $3::double precision)
         ON CONFLICT (key) DO UPDATE SET starts = ${next}, idle_at = (${next})[cardinality(${next})] + $3::double precision
         RETURNING t.starts[cardinality(t.starts)] AS start`,
        [key, limit, periodMs, now],
      );
      return rows[0]!.start - now;
    },
  };
}

import { z } from 'zod';
import { nonEmptyText, pgText } from '../internal/schemas';
import { parseOrThrow } from '../internal/validate';
import { quotedSchema, type SchemaOptions } from '../schema/identifier';
import type { SqlClient } from '../sql-client';

/**
 * Where an incremental job got to (e.g. the last reconciled Stripe event), kept between runs.
 * Structurally a `CursorStore` of `@lifeline/stripe` (`get` + `set`), plus compare-and-set.
 */
export interface PostgresCursorStore {
  /** The stored value, or `undefined`. */
  get(key: string): Promise<string | undefined>;
  /** Stores `value`; every later `get` sees it. */
  set(key: string, value: string): Promise<void>;
  /**
   * Stores `value` only if the key currently holds `expected` (`undefined`: holds nothing), atomically,
   * so of two jobs advancing one cursor from the same value exactly one succeeds. True when stored.
   */
  compareAndSet(key: string, expected: string | undefined, value: string): Promise<boolean>;
  /** Forgets the key. */
  delete(key: string): Promise<void>;
}

const entrySchema = z.object({ key: nonEmptyText, value: pgText });

/**
 * A durable {@link PostgresCursorStore} in the `cursors` table. Each method is one statement
 * (`INSERT … ON CONFLICT`, `UPDATE … WHERE value = $expected`).
 *
 * @example
 * ```ts
 * const cursorStore = postgresCursorStore(sql);
 * await reconcileCheckouts({ stripe, lifeline, operation: checkout.completed, isFulfilled, cursorStore });
 * ```
 */
export function postgresCursorStore(sql: SqlClient, options: SchemaOptions = {}): PostgresCursorStore {
  const table = `${quotedSchema(options)}.cursors`;
  const check = (key: string, value: string) => parseOrThrow(entrySchema, `cursor "${key}"`, { key, value });
  return {
    async get(key) {
      if (typeof key !== 'string' || key.includes('\u0000')) return undefined;
      const { rows } = await sql.query<{ value: string }>(`SELECT value FROM ${table} WHERE key = $1`, [key]);
      return rows[0]?.value;
    },
    async set(key, value) {
      check(key, value);
      await sql.query(
        `INSERT INTO ${table} (key, value, updated_at) VALUES ($1, $2, now())
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
        [key, value],
      );
    },
    async compareAndSet(key, expected, value) {
      check(key, value);
      if (expected === undefined) {
        const { rowCount } = await sql.query(
          `INSERT INTO ${table} (key, value, updated_at) VALUES ($1, $2, now()) ON CONFLICT (key) DO NOTHING`,
          [key, value],
        );
        return rowCount > 0;
      }
      if (typeof expected !== 'string' || expected.includes('\u0000')) return false;
      const { rowCount } = await sql.query(
        `UPDATE ${table} SET value = $3, updated_at = now() WHERE key = $1 AND value = $2`,
        [key, expected, value],
      );
      return rowCount > 0;
    },
    async delete(key) {
      if (typeof key !== 'string' || key.includes('\u0000')) return;
      await sql.query(`DELETE FROM ${table} WHERE key = $1`, [key]);
    },
  };
}

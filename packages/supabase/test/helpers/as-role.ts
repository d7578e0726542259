import type pg from 'pg';
import type { SupabaseRole } from './database';

/** What one statement did as a caller: its rows and count, or the SQLSTATE and message it failed with. */
export type Outcome =
  | { ok: true; rows: Record<string, unknown>[]; rowCount: number }
  | { ok: false; code: string; message: string };

/**
 * Runs `sql` the way PostgREST runs a request: in a transaction, `SET LOCAL ROLE` to the JWT's role and
 * `request.jwt.claims` set to its claims; `before` runs first as the owner (e.g. to replace a function).
 * Always rolled back, so writes never leak into other checks.
 */
export async function asCaller(
  pool: pg.Pool,
  claims: { role: SupabaseRole } & Record<string, unknown>,
  sql: string,
  params: unknown[] = [],
  before?: string,
): Promise<Outcome> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    if (before) await client.query(before);
    await client.query(`SET LOCAL ROLE ${claims.role}`);
    await client.query(`SELECT set_config('request.jwt.claims', $1, true)`, [JSON.stringify(claims)]);
    try {
      const result = await client.query(sql, params);
      return { ok: true, rows: result.rows, rowCount: result.rowCount ?? 0 };
    } catch (error) {
      const e = error as { code?: string; message?: string };
      if (!e.code) throw error;
      return { ok: false, code: e.code, message: e.message ?? '' };
    }
  } finally {
    await client.query('ROLLBACK').catch(() => {});
    client.release();
  }
}

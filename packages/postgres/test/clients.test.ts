import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  migrate,
  openPglite,
  type PgliteHandle,
  pgClient,
  pgliteClient,
  pgPoolClient,
  postgresDeadLetterStore,
  postgresJsClient,
  type SqlClient,
} from '../src/index';
import { randomSchema, serverUrl } from './helpers/server';

const url = serverUrl();

/** The SqlClient contract, on a table `t (id int)` reachable as `table`. */
function clientContract(name: string, get: () => { sql: SqlClient; table: string }) {
  describe(`SqlClient contract: ${name}`, () => {
    const ids = async () => {
      const { sql, table } = get();
      return (await sql.query<{ id: number }>(`SELECT id FROM ${table} ORDER BY id`)).rows.map(
        (row) => row.id,
      );
    };

    test('query binds $n parameters (undefined as NULL) and reports rowCount for returned and changed rows', async () => {
      const { sql, table } = get();
      await sql.query(`DELETE FROM ${table}`);
      const inserted = await sql.query<{ id: number }>(
        `INSERT INTO ${table} (id, note) VALUES ($1, $2), ($3, $4) RETURNING id`,
        [1, 'a', 2, undefined],
      );
      expect(inserted).toEqual({ rows: [{ id: 1 }, { id: 2 }], rowCount: 2 });
      expect((await sql.query(`UPDATE ${table} SET note = 'b' WHERE id > $1`, [0])).rowCount).toBe(2);
      expect(
        (
          await sql.query(`SELECT id, note FROM ${table} WHERE note IS NOT DISTINCT FROM $1 ORDER BY id`, [
            'b',
          ])
        ).rows,
      ).toEqual([
        { id: 1, note: 'b' },
        { id: 2, note: 'b' },
      ]);
    });

    test('transaction commits when fn resolves and rolls back (re-throwing) when it throws; nested ones use a savepoint', async () => {
      const { sql, table } = get();
      await sql.query(`DELETE FROM ${table}`);
      expect(
        await sql.transaction(
          async (tx) => (await tx.query(`INSERT INTO ${table} (id) VALUES (10) RETURNING id`)).rowCount,
        ),
      ).toBe(1);
      await expect(
        sql.transaction(async (tx) => {
          await tx.query(`INSERT INTO ${table} (id) VALUES (11)`);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      await sql.transaction(async (tx) => {
        await tx.query(`INSERT INTO ${table} (id) VALUES (12)`);
        await expect(
          tx.transaction(async (inner) => {
            await inner.query(`INSERT INTO ${table} (id) VALUES (13)`);
            throw new Error('inner');
          }),
        ).rejects.toThrow('inner');
        await tx.transaction((inner) => inner.query(`INSERT INTO ${table} (id) VALUES (14)`));
      });
      expect(await ids()).toEqual([10, 12, 14]);
    });
  });
}

describe('PGlite', () => {
  let handle: PgliteHandle;
  const table = `"${randomSchema()}".t`;
  beforeAll(async () => {
    handle = await openPglite();
    await handle.sql.query(`CREATE SCHEMA ${table.split('.')[0]}`);
    await handle.sql.query(`CREATE TABLE ${table} (id int PRIMARY KEY, note text)`);
  });
  afterAll(() => handle?.close());

  clientContract('openPglite() / pgliteClient(db)', () => ({ sql: handle.sql, table }));
  clientContract('pgliteClient(tx) inside db.transaction', () => ({
    table,
    sql: {
      query: (text, params) =>
        (handle.db as unknown as PGlite).transaction((tx) => pgliteClient(tx).query(text, params)),
      transaction: (fn) =>
        (handle.db as unknown as PGlite).transaction((tx) => pgliteClient(tx).transaction(fn)),
    },
  }));

  test('a file-backed database keeps its dead letters across a close and a reopen', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lifeline-pglite-'));
    try {
      const first = await openPglite({ dataDir });
      await migrate(first.sql);
      const entry = await postgresDeadLetterStore(first.sql).record({
        kind: 'email',
        name: 'purchase/receipt.send',
        payload: { purchaseId: 'p_1' },
        error: { name: 'Error', message: 'smtp down' },
        attempts: 3,
        idempotencyKey: 'receipt:p_1',
        firstFailedAt: 1,
        failedAt: 2,
      });
      await first.close();
      const second = await openPglite({ dataDir });
      expect(await migrate(second.sql)).toMatchObject({ applied: [] });
      expect(await postgresDeadLetterStore(second.sql).get(entry.id)).toEqual(entry);
      await second.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe.skipIf(!url)('PostgreSQL server', () => {
  const schema = randomSchema();
  const table = `"${schema}".t`;
  let pool: pg.Pool;
  let sqlJs: postgres.Sql;
  beforeAll(async () => {
    pool = new pg.Pool({ connectionString: url, max: 4 });
    sqlJs = postgres(url!, { max: 4, onnotice: () => {} });
    await pool.query(`CREATE SCHEMA "${schema}"`);
    await pool.query(`CREATE TABLE ${table} (id int PRIMARY KEY, note text)`);
  });
  afterAll(async () => {
    await pool?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool?.end();
    await sqlJs?.end();
  });

  clientContract('pgPoolClient(pool)', () => ({ sql: pgPoolClient(pool), table }));
  clientContract('postgresJsClient(sql)', () => ({ sql: postgresJsClient(sqlJs), table }));

  test('pgClient joins a transaction the app began; its rollback takes Lifeline writes with it', async () => {
    await pool.query(`DELETE FROM ${table}`);
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const sql = pgClient(client);
      await sql.query(`INSERT INTO ${table} (id) VALUES (1)`);
      await sql.transaction((tx) => tx.query(`INSERT INTO ${table} (id) VALUES (2)`));
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
    expect((await pool.query(`SELECT count(*)::integer AS n FROM ${table}`)).rows[0].n).toBe(0);
  });

  test('postgresJsClient(tx) inside sql.begin: nested transactions are savepoints of the app transaction', async () => {
    await pool.query(`DELETE FROM ${table}`);
    await expect(
      sqlJs.begin(async (tx) => {
        const sql = postgresJsClient(tx);
        await sql.transaction((inner) => inner.query(`INSERT INTO ${table} (id) VALUES (3)`));
        throw new Error('app rolls back');
      }),
    ).rejects.toThrow('app rolls back');
    expect((await pool.query(`SELECT count(*)::integer AS n FROM ${table}`)).rows[0].n).toBe(0);
  });
});

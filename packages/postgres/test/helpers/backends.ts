import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import postgres from 'postgres';
import { migrate, pgliteClient, pgPoolClient, postgresJsClient, type SqlClient } from '../../src/index';
import { randomSchema } from './server';

/** A migrated schema on one backend, for one test file. */
export interface Backend {
  name: string;
  sql: SqlClient;
  schema: string;
  /** Drops the schema and closes the connection(s). */
  close(): Promise<void>;
}

/** One PGlite instance (creation takes seconds: one per test file) with a migrated random schema. */
export async function pgliteBackend(): Promise<Backend & { db: PGlite }> {
  const db = await PGlite.create();
  const sql = pgliteClient(db);
  const schema = randomSchema();
  await migrate(sql, { schema });
  return { name: 'PGlite', db, sql, schema, close: () => db.close() };
}

/** A `pg.Pool` of `max` connections to the server, with a migrated random schema dropped on close. */
export async function pgBackend(url: string, max = 12): Promise<Backend & { pool: pg.Pool }> {
  const pool = new pg.Pool({ connectionString: url, max });
  const sql = pgPoolClient(pool);
  const schema = randomSchema();
  await migrate(sql, { schema });
  return {
    name: 'PostgreSQL (pg)',
    pool,
    sql,
    schema,
    async close() {
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.end();
    },
  };
}

/** A postgres.js instance on the server, with a migrated random schema dropped on close. */
export async function postgresJsBackend(url: string, max = 12): Promise<Backend & { client: postgres.Sql }> {
  const client = postgres(url, { max, onnotice: () => {} });
  const sql = postgresJsClient(client);
  const schema = randomSchema();
  await migrate(sql, { schema });
  return {
    name: 'PostgreSQL (postgres.js)',
    client,
    sql,
    schema,
    async close() {
      await client.unsafe(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    },
  };
}

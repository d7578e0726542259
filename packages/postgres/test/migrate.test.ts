import { readdirSync, readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MIGRATIONS, migrate, pgliteClient, pgPoolClient, renderMigration } from '../src/index';
import { catalogOf } from './helpers/catalog';
import { randomSchema, serverUrl } from './helpers/server';

const url = serverUrl();
const sqlDir = new URL('../sql/', import.meta.url);
/** Every migration version shipped, and the newest. */
const ALL = MIGRATIONS.map((m) => m.version);
const LATEST = Math.max(...ALL);

describe('migration files', () => {
  test('the embedded migrations are exactly the shipped sql/*.sql files (run `pnpm run gen:sql` after editing them)', () => {
    const files = readdirSync(sqlDir)
      .filter((name) => name.endsWith('.sql'))
      .sort();
    expect(MIGRATIONS.map((m) => `${m.name}.sql`)).toEqual(files);
    for (const migration of MIGRATIONS)
      expect(migration.template).toBe(readFileSync(new URL(`${migration.name}.sql`, sqlDir), 'utf8'));
    // Versions come from the file names, strictly increasing (numbers are reserved per feature, so a
    // branch may ship 001 and 003 before 002 is merged).
    expect(MIGRATIONS.map((m) => m.version)).toEqual(files.map((file) => Number(file.slice(0, 3))));
    expect(ALL).toEqual([...ALL].sort((a, b) => a - b));
  });

  test('renderMigration qualifies every name with the quoted schema and leaves no placeholder', () => {
    const ddl = renderMigration(MIGRATIONS[0]!, { schema: 'ops' });
    expect(ddl).not.toContain(':"schema"');
    expect(ddl).toContain('CREATE TABLE "ops".dead_letters');
    expect(ddl).toContain('SET search_path = pg_catalog, "ops"');
    expect(() => renderMigration(MIGRATIONS[0]!, { schema: 'x"; drop schema public; --' })).toThrow(/schema/);
  });
});

describe('migrate on PGlite', () => {
  let db: PGlite;
  beforeAll(async () => {
    db = await PGlite.create();
  });
  afterAll(() => db?.close());

  test('creates every table, and running it again is a no-op', async () => {
    const sql = pgliteClient(db);
    const schema = randomSchema();
    expect(await migrate(sql, { schema })).toEqual({ schema, applied: ALL, version: LATEST });
    const before = await catalogOf(sql, schema);
    for (const table of [
      'dead_letters',
      'idempotency_keys',
      'operation_log',
      'operation_log_rollup',
      'throttle_state',
      'outbox',
      'cursors',
      'jobs',
      'migrations',
    ]) {
      expect(before).toContain(`rel r ${table}`);
    }
    expect(await migrate(sql, { schema })).toEqual({ schema, applied: [], version: LATEST });
    expect(await catalogOf(sql, schema)).toEqual(before);
    const { rows } = await sql.query(`SELECT version, name FROM "${schema}".migrations ORDER BY version`);
    expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
  });

  test('a migration that fails leaves nothing behind', async () => {
    const sql = pgliteClient(db);
    const schema = randomSchema();
    await sql.query(`CREATE SCHEMA "${schema}"`);
    await sql.query(`CREATE TABLE "${schema}".outbox (id int)`); // collides with the migration's outbox table
    await expect(migrate(sql, { schema })).rejects.toThrow(/outbox/);
    expect(await catalogOf(sql, schema)).toEqual(['rel r outbox']);
  });
});

describe.skipIf(!url)('migrate on the PostgreSQL server', () => {
  let pool: pg.Pool;
  const schemas: string[] = [];
  beforeAll(() => {
    pool = new pg.Pool({ connectionString: url, max: 5 });
  });
  afterAll(async () => {
    for (const schema of schemas) await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  });

  test('5 concurrent migrate() calls on 5 connections: one applies, the others find nothing to do', async () => {
    const schema = randomSchema();
    schemas.push(schema);
    const sql = pgPoolClient(pool);
    // Each migrate() runs its transaction on a connection of its own from the pool of 5.
    const reports = await Promise.all(Array.from({ length: 5 }, () => migrate(sql, { schema })));
    expect(pool.totalCount).toBe(5);
    expect(reports.filter((r) => r.applied.length === ALL.length)).toHaveLength(1);
    expect(reports.filter((r) => r.applied.length === 0)).toHaveLength(4);
    expect(reports.every((r) => r.version === LATEST)).toBe(true);
    const { rows } = await pool.query(`SELECT version FROM "${schema}".migrations ORDER BY version`);
    expect(rows).toEqual(ALL.map((version) => ({ version })));
    const before = await catalogOf(sql, schema);
    expect(await migrate(sql, { schema })).toEqual({ schema, applied: [], version: LATEST });
    expect(await catalogOf(sql, schema)).toEqual(before);
  });
});

import { quotedSchema, type SchemaOptions } from './schema/identifier';
import { MIGRATIONS, renderMigration } from './schema/migrations';
import { splitStatements } from './schema/split-statements';
import type { SqlClient } from './sql-client';

/** What {@link migrate} did. */
export interface MigrateReport {
  /** The schema migrated. */
  schema: string;
  /** Versions applied by this call (empty when the schema was already current). */
  applied: number[];
  /** The newest version now in the schema. */
  version: number;
}

/** First key of the advisory lock: "LIFE" in ASCII, so the lock is recognisable in `pg_locks`. */
const LOCK_CLASS = 0x4c494645;

/** A 32-bit FNV-1a hash of the schema name, as a signed int4: the second key of the advisory lock. */
function lockKey(schema: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(schema)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}

/**
 * Creates or upgrades Lifeline's tables in `schema` (default `lifeline`). Safe to run on every start,
 * from many processes at once: it takes a transaction-scoped advisory lock per schema, applies the
 * migrations missing from `<schema>.migrations` in order inside that one transaction, and commits;
 * a concurrent caller waits for the lock and then finds nothing left to do. A failure rolls everything
 * back. Creating the schema is skipped when it exists, so a role without `CREATE` on the database can
 * migrate a schema a DBA made for it.
 *
 * @example
 * ```ts
 * const sql = pgPoolClient(pool);
 * await migrate(sql); // or migrate(sql, { schema: 'ops' })
 * ```
 */
export async function migrate(sql: SqlClient, options: SchemaOptions = {}): Promise<MigrateReport> {
  const schema = quotedSchema(options);
  const name = schema.slice(1, -1);
  return sql.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1::integer, $2::integer)', [LOCK_CLASS, lockKey(name)]);
    const exists = await tx.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [name]);
    if (exists.rows.length === 0) await tx.query(`CREATE SCHEMA ${schema}`);
    await tx.query(
      `CREATE TABLE IF NOT EXISTS ${schema}.migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const done = await tx.query<{ version: number }>(`SELECT version FROM ${schema}.migrations`);
    const have = new Set(done.rows.map((row) => row.version));
    const applied: number[] = [];
    for (const migration of MIGRATIONS) {
      if (have.has(migration.version)) continue;
      for (const statement of splitStatements(renderMigration(migration, { schema: name })))
        await tx.query(statement);
      await tx.query(`INSERT INTO ${schema}.migrations (version, name) VALUES ($1, $2)`, [
        migration.version,
        migration.name,
      ]);
      applied.push(migration.version);
    }
    return { schema: name, applied, version: Math.max(0, ...have, ...applied) };
  });
}

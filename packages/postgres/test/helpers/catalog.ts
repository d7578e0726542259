import type { SqlClient } from '../../src/index';

/** Every relation, function and trigger in `schema`, read from the catalog: a fingerprint of the DDL. */
export async function catalogOf(sql: SqlClient, schema: string): Promise<string[]> {
  const { rows } = await sql.query<{ item: string }>(
    `SELECT 'rel ' || c.relkind::text || ' ' || c.relname::text AS item FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1
     UNION ALL SELECT 'fn ' || p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $1
     UNION ALL SELECT 'trigger ' || t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND NOT t.tgisinternal
     ORDER BY 1`,
    [schema],
  );
  return rows.map((row) => row.item);
}

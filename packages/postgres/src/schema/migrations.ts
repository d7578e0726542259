import { quotedSchema, type SchemaOptions } from './identifier';
import { SQL_FILES } from './sql-files.generated';

/** One schema migration shipped in the package's `sql/` folder. */
export interface Migration {
  /** 1, 2, …: applied in this order, each once. */
  version: number;
  /** The file name without `.sql`, e.g. `001_init`. */
  name: string;
  /** The SQL with every Lifeline name qualified by the psql variable `:"schema"`. */
  template: string;
}

/** Every migration of this version of the package, oldest first. */
export const MIGRATIONS: readonly Migration[] = SQL_FILES.map((file) => ({
  version: file.version,
  name: file.name,
  template: file.text,
}));

/**
 * The SQL of one migration for a schema: the template with `:"schema"` replaced by the quoted,
 * validated schema name. Other packages (e.g. `@lifeline/supabase`) build their migration files from it.
 *
 * @example
 * ```ts
 * const ddl = MIGRATIONS.map((m) => renderMigration(m, { schema: 'lifeline' })).join('\n');
 * ```
 */
export function renderMigration(migration: Migration, options: SchemaOptions = {}): string {
  const schema = quotedSchema(options);
  return migration.template.replaceAll(':"schema"', schema);
}

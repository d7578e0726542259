/**
 * Writes supabase/migrations/<timestamp>_lifeline.sql from @lifeline/postgres's migrations and
 * sql/*.sql. Run after changing either: `pnpm run gen:migration` (it resolves @lifeline/postgres
 * to its source through the repository's tsconfig paths). A test fails while the file is stale.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { composeMigration, MIGRATION_FILE } from './compose-migration';

const root = fileURLToPath(new URL('..', import.meta.url));
const text = composeMigration();
writeFileSync(`${root}supabase/migrations/${MIGRATION_FILE}`, text);
console.log(`gen-migration: wrote supabase/migrations/${MIGRATION_FILE} (${text.length} characters)`);

// packages/postgres/src/schema/migrations.ts:27
import { MIGRATIONS, renderMigration } from '@lifeline/postgres';
const ddl = MIGRATIONS.map((m) => renderMigration(m, { schema: 'lifeline' })).join('\n');

export {};

// packages/postgres/src/migrate.ts:39
import { migrate, pgPoolClient } from '@lifeline/postgres';
const sql = pgPoolClient(pool);
await migrate(sql); // or migrate(sql, { schema: 'ops' })

export {};

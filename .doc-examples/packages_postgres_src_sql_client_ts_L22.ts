// packages/postgres/src/sql-client.ts:22
import { pgPoolClient } from '@lifeline/postgres';
const sql = pgPoolClient(new pg.Pool({ connectionString: process.env.DATABASE_URL }));
await sql.transaction(async (tx) => {
  await tx.query('insert into purchases (id) values ($1)', ['p_1']);
});

export {};

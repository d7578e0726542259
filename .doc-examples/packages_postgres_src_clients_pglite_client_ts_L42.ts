// packages/postgres/src/clients/pglite-client.ts:42
import { migrate, pgliteClient } from '@lifeline/postgres';
import { PGlite } from '@electric-sql/pglite';
const db = await PGlite.create('./.lifeline-data');
const sql = pgliteClient(db);
await migrate(sql);

export {};

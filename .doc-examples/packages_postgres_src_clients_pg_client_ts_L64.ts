// packages/postgres/src/clients/pg-client.ts:64
import { pgPoolClient } from '@lifeline/postgres';
import pg from 'pg';
const sql = pgPoolClient(new pg.Pool({ connectionString: process.env.DATABASE_URL }));

export {};

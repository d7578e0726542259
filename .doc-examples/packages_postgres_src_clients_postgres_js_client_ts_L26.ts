// packages/postgres/src/clients/postgres-js-client.ts:26
import { postgresJsClient } from '@lifeline/postgres';
import postgres from 'postgres';
const sql = postgresJsClient(postgres(process.env.DATABASE_URL!));

export {};

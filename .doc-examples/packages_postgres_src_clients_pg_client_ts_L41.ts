// packages/postgres/src/clients/pg-client.ts:41
import { pgClient } from '@lifeline/postgres';
const client = await pool.connect();
await client.query('BEGIN');
await client.query('insert into purchases (id) values ($1)', [id]);
await outbox.enqueue(pgClient(client), sendReceipt, { purchaseId: id, email });
await client.query('COMMIT');
client.release();

export {};

// packages/postgres/src/outbox/outbox.ts:66
import { postgresOutbox } from '@lifeline/postgres';
const outbox = postgresOutbox();
await sql.transaction(async (tx) => {
  await tx.query('insert into purchases (id, email) values ($1, $2)', [id, email]);
  await outbox.enqueue(tx, sendReceipt, { purchaseId: id, email });
});

export {};

// docs/concepts.md:311
import { postgresOutbox, startOutboxRelay } from '@lifeline/postgres';
const outbox = postgresOutbox();
await sql.transaction(async (tx) => {
  await tx.query('insert into purchases (id, email) values ($1, $2)', ['p_123', 'ada@example.com']);
  await outbox.enqueue(tx, sendReceipt, { purchaseId: 'p_123', email: 'ada@example.com' });
});
const relay = startOutboxRelay({ sql, lifeline }); // in every process, or one; rows are claimed with SKIP LOCKED

export {};

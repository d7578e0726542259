// packages/postgres/src/outbox/outbox-relay.ts:83
import { startOutboxRelay } from '@lifeline/postgres';
const relay = startOutboxRelay({ sql, lifeline });
process.on('SIGTERM', () => relay.stop());

export {};

/**
 * `@lifeline/postgres`: durable Lifeline stores on PostgreSQL, or on embedded PGlite with nothing to
 * install: dead letters, idempotency keys, the operation log (with rollups for fast health queries),
 * throttle state, cursors, a transactional outbox with its relay, and retention.
 *
 * ```sh
 * npm install @lifeline/core @lifeline/postgres @electric-sql/pglite   # or pg, or postgres
 * ```
 *
 * ```ts
 * import { createLifeline } from '@lifeline/core';
 * import { migrate, openPglite, postgresDeadLetterStore, postgresIdempotencyStore,
 *   postgresOperationLog, postgresThrottleStore } from '@lifeline/postgres';
 *
 * const { sql } = await openPglite({ dataDir: './.lifeline-data' }); // or pgPoolClient(new pg.Pool(…))
 * await migrate(sql);
 * const lifeline = createLifeline({
 *   operations: [sendReceipt],
 *   deadLetters: postgresDeadLetterStore(sql),
 *   idempotency: postgresIdempotencyStore(sql),
 *   log: postgresOperationLog(sql),
 *   throttleStore: postgresThrottleStore(sql),
 * });
 * ```
 *
 * @module
 */
export { isConnectionLost } from './clients/connection-lost';
export * from './clients/open-pglite';
export * from './clients/pg-client';
export * from './clients/pglite-client';
export * from './clients/postgres-js-client';
export * from './cursors/cursor-store';
export * from './dead-letters/dead-letter-store';
export * from './idempotency/idempotency-store';
export * from './migrate';
export * from './operation-log/operation-log';
export * from './outbox/outbox';
export * from './outbox/outbox-relay';
export * from './queue/enqueue-job';
export { JobCrashedError } from './queue/job-crashed-error';
export * from './queue/listeners';
export * from './queue/postgres-queue';
export type { PostgresQueueOptions } from './queue/queue-options';
export * from './retention/prune';
export { DEFAULT_SCHEMA, type SchemaOptions } from './schema/identifier';
export { MIGRATIONS, type Migration, renderMigration } from './schema/migrations';
export type { SqlClient, SqlResult } from './sql-client';
export * from './throttle/throttle-store';
export * from './triage/alert-store';
export * from './triage/bulk-job-store';
export * from './triage/incident-store';

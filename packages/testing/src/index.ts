/**
 * `@lifeline/testing`: the conformance suites every Lifeline adapter runs, and fault-injecting fakes
 * for testing apps built on Lifeline. The suites take your runner's `test` / `expect` (vitest, jest,
 * `node:test` with an expect library), so no test framework is a dependency.
 *
 * ```sh
 * npm install --save-dev @lifeline/testing
 * ```
 *
 * ```ts
 * import { describe, expect, test } from 'vitest';
 * import { postgresDeadLetterStore, postgresIdempotencyStore } from '@lifeline/postgres';
 * import { deadLetterStoreSuite, faultyMailer, idempotencyStoreSuite } from '@lifeline/testing';
 *
 * // Every guarantee of the contract, against an implementation (yours, or as here the Postgres stores).
 * // Tests use random keys, so a shared database is fine.
 * deadLetterStoreSuite({ describe, expect, test }, () => postgresDeadLetterStore(sql), { concurrency: 10 });
 * idempotencyStoreSuite({ describe, expect, test }, () => postgresIdempotencyStore(sql));
 *
 * // A mailer whose first two sends fail with HTTP 503, to watch your operation retry.
 * const mailer = faultyMailer({ failFirst: 2, status: 503 });
 * ```
 *
 * @module
 */
export * from './alert-store-suite';
export * from './alerter-suite';
export * from './bulk-job-store-suite';
export * from './dead-letter-store-suite';
export * from './dead-letter-triage-suite';
export * from './fakes/index';
export * from './idempotency-store-suite';
export * from './incident-store-suite';
export * from './mailer-suite';
export * from './operation-log-suite';
export * from './queue-suite';
export * from './scenarios/index';
export * from './scripted-worker';
export * from './sms-sender-suite';
export type { SuiteOptions, SuiteRunner } from './suite-runner';
export * from './throttle-store-suite';
export * from './webhook-endpoint-store-suite';

/**
 * `@lifeline/core`: no silent failures for the side effects of a TypeScript app.
 *
 * Contracts (queue, dead-letter store, idempotency store, operation log, mailer, alerter), the
 * `retry` and `idempotent` helpers, throttling, clocks, the operation runtime, health metrics,
 * and in-memory implementations of everything.
 *
 * ```sh
 * npm install @lifeline/core zod
 * ```
 *
 * @module
 */
export * from './clock/index';
export * from './contracts/index';
export * from './errors/index';

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
 * ```ts
 * import { createLifeline, defineOperation } from '@lifeline/core';
 * import { z } from 'zod';
 *
 * const sendReceipt = defineOperation({
 *   name: 'purchase/email.send',
 *   kind: 'email',
 *   schema: z.object({ purchaseId: z.string(), email: z.email() }),
 *   idempotencyKey: (d) => `receipt:${d.purchaseId}`,
 *   run: (d, ctx) => ctx.mailer.send({ to: d.email, subject: 'Your receipt', text: 'Thanks!' }, { idempotencyKey: ctx.idempotencyKey }),
 * });
 * const lifeline = createLifeline({ operations: [sendReceipt], mailer });
 * await lifeline.send(sendReceipt, { purchaseId: 'p_1', email: 'ada@example.com' });
 * ```
 *
 * @module
 */
export * from './clock/index';
export * from './contracts/index';
export * from './errors/index';
export * from './health/index';
export * from './idempotency/index';
export * from './memory/index';
export * from './random/index';
export * from './redaction/index';
export * from './retry/index';
export * from './runtime/index';
export * from './throttle/index';
export * from './triage/index';

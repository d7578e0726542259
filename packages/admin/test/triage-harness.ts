import {
  createLifeline,
  defineOperation,
  inProcessQueue,
  type Lifeline,
  memoryAlerter,
  systemClock,
} from '@lifeline/core';
import { z } from 'zod';
import { bearerTokenAuthorizer } from '../src/auth/bearer-token-authorizer';
import { createAdminHandler } from '../src/create-admin-handler';
import type { AdminHandlerOptions } from '../src/options';
import { recordingLogger, TOKEN } from './harness';

/** The three ways the seeded receipts failed, with how many of each. */
export const SEEDED_ERRORS = [
  {
    count: 300,
    error: (i: number) => ({
      name: 'ResendUnavailableError',
      message: `Resend is unavailable: Resend failed on its side (internal_server_error, 500) for buyer${i}@example.com; will retry.`,
      retryable: true,
      status: 500,
    }),
  },
  {
    count: 150,
    error: (i: number) => ({
      name: 'ResendRateLimitedError',
      message: `Resend is rate limiting: it asked us to slow down (rate_limit_exceeded, 429) on attempt ${i}; retrying in 18000 ms.`,
      retryable: true,
      status: 429,
    }),
  },
  {
    count: 50,
    error: (i: number) => ({
      name: 'ResendRejectedError',
      message: `Resend rejected the email: the address buyer${i}@example.com does not exist (validation_error, 422). Retrying will not help.`,
      retryable: false,
      code: 'LIFELINE_PERMANENT',
      status: 422,
    }),
  },
] as const;

/** `p_0042`: purchase ids of the seeded receipts. */
export const purchaseId = (i: number) => `p_${String(i).padStart(4, '0')}`;

/**
 * A Lifeline on the real clock with 500 open receipt dead letters (`purchase/email.send`, key
 * `receipt:p_0000` … `receipt:p_0499`, 3 kinds of error), whose operation now succeeds when retried
 * (paced by its throttle: `throttlePerSecond` per second), and the admin handler over it.
 */
export async function manyFailures(
  options: { throttlePerSecond?: number; admin?: Partial<AdminHandlerOptions> } = {},
) {
  const logger = recordingLogger();
  const sent: string[] = [];
  const failing = new Set<string>();
  const receipt = defineOperation({
    name: 'purchase/email.send',
    kind: 'email',
    schema: z.object({ purchaseId: z.string(), email: z.string() }),
    retry: { attempts: 2, backoff: { initialMs: 50, jitter: 'none' } },
    throttle: { key: () => 'resend', limit: options.throttlePerSecond ?? 1000, periodMs: 1_000 },
    idempotencyKey: (d) => `receipt:${d.purchaseId}`,
    run: async (d) => {
      if (failing.has(d.purchaseId)) throw new Error(`SMTP 451 mailbox busy for ${d.email}`);
      sent.push(d.purchaseId);
    },
  });
  const lifeline: Lifeline = createLifeline({
    operations: [receipt],
    clock: systemClock(),
    logger,
    alerter: memoryAlerter(),
    queue: inProcessQueue({ concurrency: 4 }),
  });
  const start = Date.now() - 6 * 3_600_000;
  let i = 0;
  for (const kind of SEEDED_ERRORS) {
    for (let n = 0; n < kind.count; n++, i++) {
      const id = purchaseId(i);
      await lifeline.deadLetters.record({
        kind: 'email',
        name: 'purchase/email.send',
        payload: { purchaseId: id, email: `buyer${i}@example.com` },
        error: kind.error(i),
        attempts: 2,
        idempotencyKey: `receipt:${id}`,
        firstFailedAt: start + i * 30_000,
        failedAt: start + i * 30_000 + 1_000,
      });
    }
  }
  const handler = createAdminHandler({
    lifeline,
    authorize: bearerTokenAuthorizer({ token: TOKEN, admin: 'ada' }),
    refreshMs: 500,
    ...options.admin,
  });
  return { lifeline, handler, logger, sent, failing, receipt };
}

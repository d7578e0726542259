import type { DeadLetter, NewDeadLetter } from '@lifeline/core';
import { randomId } from './suite-runner';

/** @internal The time the dead-letter suite's entries failed around. */
export const DL_T0 = Date.UTC(2026, 0, 1);

/** @internal A complete new dead letter under `name`, with a nested payload and error cause. */
export function newDeadLetter(name: string, overrides: Partial<NewDeadLetter> = {}): NewDeadLetter {
  return {
    kind: 'email',
    name,
    payload: { to: 'ada@example.com', amountCents: 1999, items: [{ sku: 'ebook', qty: 1 }], coupon: null },
    error: {
      name: 'Error',
      message: 'SMTP timeout',
      code: 'ETIMEDOUT',
      retryable: true,
      cause: { name: 'Error', message: 'socket hang up' },
    },
    attempts: 3,
    idempotencyKey: randomId('key-'),
    firstFailedAt: DL_T0 - 60_000,
    failedAt: DL_T0,
    meta: { eventId: randomId('evt_'), queue: 'default' },
    ...overrides,
  };
}

/** @internal `(failedAt, id)` descending, ids compared as code-unit strings: negative when `a` comes first. */
export function newestFirst(
  a: Pick<DeadLetter, 'failedAt' | 'id'>,
  b: Pick<DeadLetter, 'failedAt' | 'id'>,
): number {
  if (a.failedAt !== b.failedAt) return b.failedAt - a.failedAt;
  return a.id === b.id ? 0 : a.id > b.id ? -1 : 1;
}

// packages/core/src/retry/classify-error.ts:123
import { isRetryable } from '@lifeline/core';
try {
  await mailer.send({ to: 'ada@example.com', subject: 'Receipt', text: 'Thanks!' }, { idempotencyKey: 'receipt:p_1' });
} catch (error) {
  if (isRetryable(error)) throw error; // let the caller try again later
  console.error('retrying cannot fix this; giving up', error);
}

export {};

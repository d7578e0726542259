// packages/core/src/memory/memory-mailer.ts:54
import { memoryMailer } from '@lifeline/core';
const mailer = memoryMailer();
await mailer.send({ to: 'ada@example.com', subject: 'Receipt', text: 'Thanks!' }, { idempotencyKey: 'receipt:1' });
mailer.deliveredTo('ada@example.com').length; // 1

export {};

// packages/core/src/runtime/create-lifeline.ts:47
import { createLifeline } from '@lifeline/core';
const lifeline = createLifeline({ operations: [sendReceipt], mailer, alerter });
await lifeline.send(sendReceipt, { purchaseId: 'p_1', email: 'ada@example.com' });

export {};

// packages/core/src/throttle/throttle.ts:40
import { createThrottle } from '@lifeline/core';
const throttle = createThrottle();
const message = { to: 'ada@example.com', subject: 'Your receipt', text: 'Thanks!' };
await throttle.acquire(`email:${message.to}`, { limit: 50, periodMs: 60_000 }); // waits when over 50/min
await mailer.send(message, { idempotencyKey: 'receipt:p_1' });

export {};

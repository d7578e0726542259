// packages/core/src/retry/retry-policy.ts:112
import { planNextAttempt } from '@lifeline/core';
const error = Object.assign(new Error('Bad gateway'), { status: 502 });
const plan = planNextAttempt({ error, attempt: 1, policy: { attempts: 3 }, elapsedMs: 0 });
if (plan.retry) console.log(`retry in ${plan.delayMs} ms: ${plan.classification.reason}`);
else console.log(`stop: ${plan.reason}`);

export {};

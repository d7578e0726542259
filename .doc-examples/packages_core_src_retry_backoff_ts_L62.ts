// packages/core/src/retry/backoff.ts:62
import { backoffDelay } from '@lifeline/core';
backoffDelay(3, { initialMs: 100, jitter: 'none' }); // 400

export {};

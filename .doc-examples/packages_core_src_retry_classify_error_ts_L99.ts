// packages/core/src/retry/classify-error.ts:99
import { PermanentError, classifyError } from '@lifeline/core';
classifyError(Object.assign(new Error('Bad gateway'), { status: 502 }));
// { retryable: true, reason: 'HTTP 502 from upstream', status: 502 }
classifyError(new PermanentError('address rejected')).retryable; // false

export {};

// packages/core/src/retry/serialize-error.ts:118
import { describeError } from '@lifeline/core';
describeError(new TypeError('fetch failed')); // 'TypeError: fetch failed'
describeError('boom');                        // 'NonError: boom'

export {};

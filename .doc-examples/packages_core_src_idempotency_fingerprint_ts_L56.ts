// packages/core/src/idempotency/fingerprint.ts:56
import { stableStringify } from '@lifeline/core';
stableStringify({ b: 1, a: [undefined, 2] }); // '{"a":[null,2],"b":1}'

export {};

// packages/core/src/idempotency/fingerprint.ts:71
import { fingerprint } from '@lifeline/core';
fingerprint({ a: 1, b: 2 }) === fingerprint({ b: 2, a: 1 }); // true

export {};

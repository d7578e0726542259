// packages/core/src/retry/http-details.ts:71
import { parseRetryAfter } from '@lifeline/core';
parseRetryAfter('30', Date.now()); // 30_000

export {};

// packages/core/src/retry/with-timeout.ts:27
import { runWithTimeout, systemClock } from '@lifeline/core';
const url = 'https://api.example.com/health';
const res = await runWithTimeout((signal) => fetch(url, { signal }), { timeoutMs: 10_000, clock: systemClock() });

export {};

// docs/concepts.md:201
import { createThrottle } from '@lifeline/core';
const throttle = createThrottle(); // or createThrottle({ store: postgresThrottleStore(sql) })
await throttle.acquire('partner-api', { limit: 10, periodMs: 1_000 }); // resolves when a slot is free

export {};

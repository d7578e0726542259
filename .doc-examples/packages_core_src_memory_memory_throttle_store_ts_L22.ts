// packages/core/src/memory/memory-throttle-store.ts:22
import { createThrottle, memoryThrottleStore, virtualClock } from '@lifeline/core';
const throttle = createThrottle({ store: memoryThrottleStore(), clock: virtualClock() });

export {};

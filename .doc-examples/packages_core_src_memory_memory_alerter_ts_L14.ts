// packages/core/src/memory/memory-alerter.ts:14
import { createLifeline, memoryAlerter } from '@lifeline/core';
const alerter = memoryAlerter();
const lifeline = createLifeline({ operations, alerter });
// ... later, in a test:
expect(alerter.alerts.map((a) => a.severity)).toEqual(['critical']);

export {};

// packages/testing/src/fakes/faulty-alerter.ts:28
import { createLifeline } from '@lifeline/core';
import { faultyAlerter } from '@lifeline/testing';
const alerter = faultyAlerter({ failRate: 1, status: 500 });
const lifeline = createLifeline({ operations, alerter });
// ... the operation still dead-letters; the alert attempt is in alerter.calls with outcome 'failed'

export {};

// packages/testing/src/alerter-suite.ts:19
import { alerterSuite } from '@lifeline/testing';
import { memoryAlerter } from '@lifeline/core';
import { describe, expect, test } from 'vitest';
// `received` reads the destination itself (for Slack: a local HTTP stand-in that records each POST).
alerterSuite({ describe, expect, test }, async () => {
  const alerter = memoryAlerter(); // your alerter here
  return { alerter, received: async () => alerter.alerts };
});

export {};

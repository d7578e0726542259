// packages/testing/src/queue-suite.ts:32
import { inProcessQueue } from '@lifeline/core';
import { queueSuite } from '@lifeline/testing';
import { describe, expect, test } from 'vitest';
queueSuite({ describe, expect, test }, (clock) => inProcessQueue({ clock, concurrency: 4 }));

export {};

// packages/testing/src/suite-runner.ts:7
import { deadLetterStoreSuite } from '@lifeline/testing';
import { memoryDeadLetterStore } from '@lifeline/core';
import { describe, expect, test } from 'vitest';
deadLetterStoreSuite({ describe, expect, test }, () => memoryDeadLetterStore());

export {};

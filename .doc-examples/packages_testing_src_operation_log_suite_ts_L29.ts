// packages/testing/src/operation-log-suite.ts:29
import { operationLogSuite } from '@lifeline/testing';
import { postgresOperationLog } from '@lifeline/postgres';
import { describe, expect, test } from 'vitest';
operationLogSuite({ describe, expect, test }, () => postgresOperationLog(sql));

export {};

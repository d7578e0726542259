import { defineOperation, type OperationContext } from '@lifeline/core';
import { z } from 'zod';
import { inngestFunctions } from '../../src/index';
import { testLifeline } from './fixtures';

const payload = z.object({ id: z.string() });
const noJitter = { initialMs: 1_000, maxMs: 10_000, jitter: 'none' as const };

/** An operation whose run is scripted per call, recording each call's context. */
export function scriptedOperation(
  kind: 'job' | 'email' | 'webhook',
  script: (call: number, ctx: OperationContext) => unknown,
) {
  const calls: OperationContext[] = [];
  const operation = defineOperation({
    name: `test/${kind}`,
    kind,
    schema: payload,
    retry: { attempts: 3, backoff: noJitter },
    idempotencyKey: (d) => `key:${d.id}`,
    run: async (_data, ctx) => {
      calls.push(ctx);
      return script(calls.length, ctx);
    },
  });
  return { operation, calls };
}

/** A Lifeline on an Inngest queue with one scripted operation and its Inngest function. */
export function setup(
  kind: 'job' | 'email' | 'webhook',
  script: (call: number, ctx: OperationContext) => unknown,
) {
  const { operation, calls } = scriptedOperation(kind, script);
  const harness = testLifeline([operation]);
  const [fn] = inngestFunctions(harness.lifeline, { healthCron: false, deadLetterCancelledRuns: false });
  return { ...harness, operation, calls, fn: fn! };
}

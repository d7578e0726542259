import { defineOperation } from '@lifeline/core';
// The shared scenarios (not exported by @lifeline/testing yet), run unchanged on the Inngest path.
import { runtimeScenarios } from '@lifeline/testing';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { inngestHarness } from './support/inngest-harness';

describe('runtime scenarios through inngestQueue, the Inngest client and the functions', () => {
  runtimeScenarios({ test, expect }, inngestHarness());
});

describe("with Inngest's event-id dedupe", () => {
  test('duplicate sends of one key never reach the worker: one run, no duplicate rows', async () => {
    let runs = 0;
    const op = defineOperation({
      name: 'scenario/deduped',
      kind: 'email',
      schema: z.object({ id: z.string() }),
      idempotencyKey: (d) => `dupe:${d.id}`,
      run: async () => {
        runs++;
        return 'ok';
      },
    });
    const h = await inngestHarness({ dedupeEventIds: true })({ operations: [op] });
    await Promise.all(Array.from({ length: 5 }, () => h.lifeline.send(op, { id: 'e' })));
    await h.settle();
    expect(runs).toBe(1);
    const health = await h.lifeline.health({ windowMs: 3_600_000 });
    expect(health.kinds.email.succeeded).toBe(1);
    expect(health.kinds.email.duplicates).toBe(0);
  });
});

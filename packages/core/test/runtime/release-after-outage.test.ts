import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { memoryIdempotencyStore } from '../../src/memory/memory-idempotency-store';
import { defineOperation } from '../../src/runtime/define-operation';
import { testLifeline } from './harness';

describe('a claim the store could not release while it was down', () => {
  test('is released before the next try, which runs at its backoff instead of waiting out the lease', async () => {
    const store = memoryIdempotencyStore();
    let releaseDown = true;
    const idempotency = Object.assign(Object.create(null), store, {
      release: async (key: string, token: string) => {
        if (releaseDown)
          throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
        return store.release(key, token);
      },
    });
    const ran: Array<{ attempt: number; at: number }> = [];
    const op = defineOperation({
      name: 'release/after-outage',
      kind: 'job',
      schema: z.object({ id: z.string() }),
      retry: { attempts: 3, backoff: { initialMs: 1_000, maxMs: 1_000, jitter: 'none' } },
      run: async (_data, ctx) => {
        ran.push({ attempt: ctx.attempt, at: ctx.clock.now() });
        if (ctx.attempt === 1) {
          releaseDown = true; // the database goes away as the attempt fails
          throw new Error('the work failed');
        }
      },
    });
    const { lifeline, clock, settle } = testLifeline({ operations: [op], idempotency });
    const start = clock.now();
    await lifeline.send(op, { id: 'a' });
    await clock.run(new Promise((resolve) => setTimeout(resolve, 0)));
    releaseDown = false; // back before the retry
    await settle();
    expect(ran.map((r) => r.attempt)).toEqual([1, 2]);
    // The retry ran after its 1 s backoff, not after the 5.5 min lease of the unreleased claim.
    expect(ran[1]!.at - start).toBeLessThan(5_000);
  });
});

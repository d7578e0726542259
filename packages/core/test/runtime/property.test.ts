import fc from 'fast-check';
import { expect, test } from 'vitest';
import { z } from 'zod';
import { PermanentError } from '../../src/errors/permanent-error';
import { RetryAfterError } from '../../src/errors/retry-after-error';
import { defineOperation } from '../../src/runtime/define-operation';
import { testLifeline } from './harness';

type Outcome = 'ok' | 'fail' | 'permanent' | 'retry-after';
const outcome = fc.constantFrom<Outcome>('ok', 'ok', 'fail', 'permanent', 'retry-after');

test('every sent operation ends succeeded or dead-lettered with an alert; none is lost or run twice after success', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(
        fc.record({
          key: fc.integer({ min: 0, max: 15 }),
          script: fc.array(outcome, { minLength: 1, maxLength: 5 }),
        }),
        { minLength: 1, maxLength: 30 },
      ),
      async (sends) => {
        // Each key has one script of attempt outcomes (the first send of a key decides it).
        const scripts = new Map<number, Outcome[]>();
        for (const s of sends) if (!scripts.has(s.key)) scripts.set(s.key, s.script);
        const attempts = new Map<number, number>();
        const effects = new Map<number, number>();
        const op = defineOperation({
          name: 'prop/op',
          kind: 'email',
          schema: z.object({ key: z.number() }),
          idempotencyKey: (d) => `k${d.key}`,
          retry: { attempts: 3, backoff: { initialMs: 100, maxMs: 1_000 } },
          run: async (d) => {
            const n = attempts.get(d.key) ?? 0;
            attempts.set(d.key, n + 1);
            const step = scripts.get(d.key)![n] ?? 'ok';
            if (step === 'fail') throw new Error('transient');
            if (step === 'permanent') throw new PermanentError('rejected');
            if (step === 'retry-after') throw new RetryAfterError('later', 500);
            effects.set(d.key, (effects.get(d.key) ?? 0) + 1);
          },
        });
        const { lifeline, settle, alerts } = testLifeline({ operations: [op], random: () => 0.5 });
        for (const s of sends) await lifeline.send(op, { key: s.key });
        await settle();
        const dead = (await lifeline.deadLetters.list({ limit: 500 })).items;
        for (const key of scripts.keys()) {
          const succeeded = effects.get(key) ?? 0;
          const deadLettered = dead.filter((d) => d.idempotencyKey === `k${key}`).length;
          // Exactly one end per key for the first send; later sends are duplicates or re-runs after a dead letter.
          expect(succeeded).toBeLessThanOrEqual(1);
          expect(succeeded + deadLettered).toBeGreaterThanOrEqual(1);
          if (succeeded === 1) {
            // After success, no later send of the key runs the side effect again.
            expect(effects.get(key)).toBe(1);
          }
          if (deadLettered > 0) {
            expect(alerts.some((a) => a.fields?.idempotencyKey === `k${key}`)).toBe(true);
          }
        }
      },
    ),
    { numRuns: 60 },
  );
});

/**
 * Memory held by a default (in-memory) Lifeline after 100,000 completed events: the idempotency keys and
 * log records it keeps. Goal ≤ 20 MB. Run: `node --expose-gc --import tsx bench/memory-footprint.ts`.
 */
import { z } from 'zod';
import { silentLogger } from '../src/memory/logger';
import { createLifeline } from '../src/runtime/create-lifeline';
import { defineOperation } from '../src/runtime/define-operation';
import { inProcessQueue } from '../src/runtime/in-process-queue';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const heap = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

const op = defineOperation({
  name: 'purchase/email.send',
  kind: 'email',
  schema: z.object({ purchaseId: z.string(), email: z.string() }),
  idempotencyKey: (d) => `receipt:${d.purchaseId}`,
  run: async () => {},
});
const lifeline = createLifeline({
  operations: [op],
  logger: silentLogger(),
  queue: inProcessQueue({ concurrency: 10 }),
});
const before = heap();
for (let round = 0; round < 100; round++) {
  for (let i = 0; i < 1_000; i++)
    await lifeline.send(op, { purchaseId: `p_${round}_${i}`, email: `user${i}@example.com` });
  await lifeline.drain();
}
const held = (heap() - before) / 1e6;
// Used after the measurement, so the runtime (and what it holds) is live while measured.
const { email } = await lifeline.log.summarize({ from: 0, to: Date.now() + 1 });
console.log(
  `100,000 completed events hold ${held.toFixed(1)} MB (goal <= 20 MB); log keeps ${email.finished} records`,
);
if (held > 20) process.exitCode = 1;

import PQueue from 'p-queue';
import { z } from 'zod';
import type { QueuedEvent } from '../src/contracts/queue';
import { silentLogger } from '../src/memory/logger';
import { memoryOperationLog } from '../src/memory/memory-operation-log';
import { createLifeline } from '../src/runtime/create-lifeline';
import { defineOperation } from '../src/runtime/define-operation';
import { inProcessQueue } from '../src/runtime/in-process-queue';
import { type BenchResult, compare, measureInterleaved } from './harness';

const CONCURRENCY = 10;
const BATCH = 1_000;

/**
 * In-process queue throughput for no-op operations against p-queue at the same concurrency.
 * One timed call = 1,000 events accepted, run and drained. Two Lifeline figures:
 * - the queue itself with a worker that logs every attempt to the operation log (the goal);
 * - the whole `lifeline.send` path (validation at send, idempotency claim + complete, the default
 *   in-memory log, which is bounded).
 * Throughput goal for both ≥ 0.5× p-queue, i.e. a ratio ≤ 2; ratios from throughput over the same
 * interleaved rounds.
 */
export async function benchQueue(): Promise<BenchResult[]> {
  const pqueue = new PQueue({ concurrency: CONCURRENCY });
  const noop = async () => {};

  const log = memoryOperationLog();
  const queue = inProcessQueue({ concurrency: CONCURRENCY });
  queue.start({
    async runAttempt(event, attempt) {
      await log.append({
        operation: event.name,
        kind: event.kind,
        idempotencyKey: event.idempotencyKey,
        attempt,
        outcome: 'succeeded',
        at: 0,
        durationMs: 0,
        enqueuedAt: event.enqueuedAt,
      });
      return { status: 'succeeded' };
    },
  });
  const events: QueuedEvent[] = Array.from({ length: BATCH }, (_, i) => ({
    id: `e${i}`,
    name: 'bench/noop',
    kind: 'job',
    data: {},
    idempotencyKey: `k${i}`,
    enqueuedAt: 0,
  }));

  const op = defineOperation({
    name: 'bench/noop',
    kind: 'job',
    schema: z.object({ i: z.number() }),
    idempotencyKey: (d) => `noop:${d.i}`,
    run: noop,
  });
  let round = 0;
  const lifeline = createLifeline({
    operations: [op],
    logger: silentLogger(),
    queue: inProcessQueue({ concurrency: CONCURRENCY }),
  });

  const results = await measureInterleaved(
    {
      'p-queue (no-op)': async () => {
        for (let i = 0; i < BATCH; i++) void pqueue.add(noop);
        await pqueue.onIdle();
      },
      'inProcessQueue + operation log': async () => {
        for (const event of events) await queue.enqueue(event);
        await queue.drain();
      },
      'lifeline.send (full path)': async () => {
        round++;
        for (let i = 0; i < BATCH; i++) await lifeline.send(op, { i: round * BATCH + i });
        await lifeline.drain();
      },
    },
    { iterations: 5, warmup: 3, rounds: 6, batch: 1 },
  );
  const reference = results['p-queue (no-op)']!;
  const perEvent = (r: BenchResult): BenchResult => ({
    ...r,
    opsPerSec: r.opsPerSec * BATCH,
    medianNs: r.medianNs / BATCH,
  });
  return [
    perEvent(compare(results['inProcessQueue + operation log']!, reference, 2)),
    // The goal: the whole send → worker path (validation, idempotency claim + complete, bounded
    // in-memory log) at ≥ 0.5× p-queue's throughput, i.e. a ratio ≤ 2.
    perEvent(compare(results['lifeline.send (full path)']!, reference, 2)),
  ].map((r) => ({
    ...r,
    reference: r.reference && {
      ...r.reference,
      opsPerSec: r.reference.opsPerSec * BATCH,
      medianNs: r.reference.medianNs / BATCH,
    },
  }));
}

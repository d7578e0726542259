import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import {
  createLifeline,
  defineOperation,
  inProcessQueue,
  isConfigurationError,
  isValidationError,
  memoryAlerter,
  type Queue,
  silentLogger,
  virtualClock,
} from '../../src/index';

function setup(queue?: Queue) {
  const clock = virtualClock();
  const runs: Array<{ id: string; at: number }> = [];
  const op = defineOperation({
    name: 'runtime/delayed',
    kind: 'job',
    schema: z.object({ id: z.string() }),
    idempotencyKey: (d) => `delayed:${d.id}`,
    run: async (d) => {
      runs.push({ id: d.id, at: clock.now() });
    },
  });
  const lifeline = createLifeline({
    operations: [op],
    clock,
    queue: queue ?? inProcessQueue(),
    logger: silentLogger(),
    alerter: memoryAlerter(),
  });
  return { clock, runs, op, lifeline };
}

describe('lifeline.send with { at } and lifeline.cancel', () => {
  test('send(op, data, { at }) runs the work no earlier than `at`, given as epoch ms or a Date', async () => {
    const { clock, runs, op, lifeline } = setup();
    const start = clock.now();
    await lifeline.send(op, { id: 'ms' }, { at: start + 60_000 });
    await lifeline.send(op, { id: 'date' }, { at: new Date(start + 120_000) });
    await clock.advance(59_999);
    expect(runs).toEqual([]);
    await clock.run(lifeline.drain());
    expect(runs).toEqual([
      { id: 'ms', at: start + 60_000 },
      { id: 'date', at: start + 120_000 },
    ]);
  });

  test('an `at` that is not a time is refused with a ValidationError naming it', async () => {
    const { op, lifeline } = setup();
    const error = await lifeline
      .send(op, { id: 'x' }, { at: new Date('not a date') })
      .catch((e: unknown) => e);
    expect(isValidationError(error)).toBe(true);
    expect(String((error as Error).message)).toMatch(/at/);
  });

  test('cancel(key) drops a delayed send before it runs', async () => {
    const { clock, runs, op, lifeline } = setup();
    await lifeline.send(op, { id: 'c' }, { at: clock.now() + 60_000 });
    expect(await lifeline.cancel('delayed:c')).toEqual({ cancelled: 1, running: false });
    await clock.run(lifeline.drain());
    await clock.advance(120_000);
    expect(runs).toEqual([]);
  });

  test('cancel on a queue that cannot cancel throws ConfigurationError instead of pretending', async () => {
    const inner = inProcessQueue();
    const { cancel: _none, ...withoutCancel } = inner;
    const { lifeline } = setup(withoutCancel);
    const error = await lifeline.cancel('delayed:x').catch((e: unknown) => e);
    expect(isConfigurationError(error)).toBe(true);
    expect(String((error as Error).message)).toMatch(/cannot cancel/);
  });
});

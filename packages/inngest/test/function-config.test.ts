import { type AnyOperation, createLifeline, defineOperation, silentLogger } from '@lifeline/core';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { inngestFunctions, inngestQueue } from '../src/index';
import { testClient, testLifeline } from './support/fixtures';
import { syncedConfig } from './support/inngest-internals';

const schema = z.object({ id: z.string(), email: z.string().optional() });
const run = async () => 'ok';
const op = (name: string, extra: Partial<Parameters<typeof defineOperation>[0]> = {}): AnyOperation =>
  defineOperation({ name, kind: 'job', schema, run, ...extra } as Parameters<typeof defineOperation>[0]);

/** The synced config of the one operation function built for `operation`. */
function configOf(operation: AnyOperation) {
  const { lifeline, client } = testLifeline([operation]);
  const [fn] = inngestFunctions(lifeline, { healthCron: false, deadLetterCancelledRuns: false });
  return syncedConfig(fn!, client.id);
}

describe('operation definitions map onto Inngest function config', () => {
  const table: Array<{
    label: string;
    operation: AnyOperation;
    expected: { retries: number } & Record<string, unknown>;
  }> = [
    {
      label: 'defaults: 3 attempts → 2 retries, no flow control',
      operation: op('shop/defaults'),
      expected: { retries: 2, throttle: undefined, concurrency: undefined, timeouts: undefined },
    },
    {
      label: 'a single attempt → no retries',
      operation: op('shop/once', { retry: { attempts: 1 } }),
      expected: { retries: 0 },
    },
    {
      label: "21 attempts → Inngest's maximum of 20 retries",
      operation: op('shop/max', { retry: { attempts: 21 } }),
      expected: { retries: 20 },
    },
    {
      label: 'an unkeyed throttle → throttle for the whole function',
      operation: op('shop/throttled', { throttle: { limit: 50, periodMs: 60_000 } }),
      expected: { retries: 2, throttle: { limit: 50, period: '1m' } },
    },
    {
      label: 'a keyed throttle → throttle keyed by the key sent in the event',
      operation: op('shop/per-user', {
        throttle: { key: (d) => (d as { email?: string }).email ?? '', limit: 3, periodMs: 90_000 },
      }),
      expected: { retries: 2, throttle: { limit: 3, period: '90s', key: 'event.data.throttleKey' } },
    },
    {
      label: 'a sub-second period is rounded up to a whole second',
      operation: op('shop/fast', { throttle: { limit: 1, periodMs: 1_500 } }),
      expected: { retries: 2, throttle: { limit: 1, period: '2s' } },
    },
    {
      label: 'concurrency → concurrency limit',
      operation: op('shop/narrow', { concurrency: 5 }),
      expected: { retries: 2, concurrency: { limit: 5 } },
    },
    {
      label: 'a per-attempt timeout → a finish timeout covering every attempt and backoff',
      operation: op('shop/slow', {
        timeoutMs: 10_000,
        retry: { attempts: 3, backoff: { initialMs: 1_000, maxMs: 10_000 } },
      }),
      // 3 × (10 s + 5 s in-progress wait) + 2 × 10 s backoff + 60 s slack
      expected: { retries: 2, timeouts: { finish: '125s' } },
    },
    {
      label: 'with a retry budget, the finish timeout is the budget plus one last attempt',
      operation: op('shop/budget', { timeoutMs: 10_000, retry: { attempts: 5, budgetMs: 30_000 } }),
      // 30 s + (10 s + 5 s) + 60 s slack
      expected: { retries: 4, timeouts: { finish: '105s' } },
    },
  ];

  for (const { label, operation, expected } of table) {
    test(label, () => {
      const [main, failure] = configOf(operation);
      const { retries, ...rest } = expected;
      expect(main!.steps.step.retries).toEqual({ attempts: retries });
      for (const [key, value] of Object.entries(rest)) expect(main![key]).toEqual(value);
      expect(main!.rateLimit).toBeUndefined(); // rateLimit drops events: never used
      // Inngest's id dedupe (the idempotency key is the event id) already matches Lifeline's; an Inngest
      // `idempotency` expression would also block redrives, which reuse the key.
      expect(main!.idempotency).toBeUndefined();
      expect(main!.triggers).toEqual([{ event: operation.name }]);
      expect(main!.name).toBe(operation.name);
      expect(failure!.triggers).toEqual([
        { event: 'inngest/function.failed', expression: `event.data.function_id == '${main!.id}'` },
      ]);
    });
  }

  test('function ids are the app id and the operation name as a slug', () => {
    const [main] = configOf(op('purchase/email.send'));
    expect(main!.id).toBe('lifeline-test-lifeline-purchase-email-send');
  });

  test('22 attempts (21 retries) is refused with a message that says what to do', () => {
    const { lifeline } = testLifeline([op('shop/too-many', { retry: { attempts: 22 } })]);
    expect(() => inngestFunctions(lifeline)).toThrow(
      /"shop\/too-many" allows 22 attempts, but Inngest retries a function at most 20 times \(21 attempts in all\)\. Set retry\.attempts to 21 or fewer/,
    );
  });

  test('two operations whose names make the same function id are refused', () => {
    const { lifeline } = testLifeline([op('shop/a.b'), op('shop/a-b')]);
    expect(() => inngestFunctions(lifeline)).toThrow(
      /"shop\/a\.b" and "shop\/a-b" would both become the Inngest function "lifeline-shop-a-b"/,
    );
  });

  test("the queue's eventName mapping is the function's trigger", () => {
    const client = testClient();
    const lifeline = createLifeline({
      operations: [op('shop/mapped')],
      logger: silentLogger(),
      queue: inngestQueue({ client, eventName: (operation) => `app/${operation.name}` }),
    });
    const [fn] = inngestFunctions(lifeline, { healthCron: false });
    expect(syncedConfig(fn!, client.id)[0]!.triggers).toEqual([{ event: 'app/shop/mapped' }]);
  });
});

describe('the other functions', () => {
  test('an hourly health check by default, configurable, or none', () => {
    const { lifeline, client } = testLifeline([op('shop/x')]);
    const ids = (functions: ReturnType<typeof inngestFunctions>) =>
      functions.map((fn) => syncedConfig(fn, client.id)[0]!);
    const byDefault = ids(inngestFunctions(lifeline)).find((c) => c.id.endsWith('lifeline-health-check'));
    expect(byDefault!.triggers).toEqual([{ cron: '0 * * * *' }]);
    const custom = ids(inngestFunctions(lifeline, { healthCron: '*/15 * * * *' })).find((c) =>
      c.id.endsWith('lifeline-health-check'),
    );
    expect(custom!.triggers).toEqual([{ cron: '*/15 * * * *' }]);
    expect(
      ids(inngestFunctions(lifeline, { healthCron: false })).some((c) =>
        c.id.endsWith('lifeline-health-check'),
      ),
    ).toBe(false);
  });

  test('an outbox relay on its cron, one pass at a time, only when configured', () => {
    const { lifeline, client } = testLifeline([op('shop/x')]);
    const functions = inngestFunctions(lifeline, {
      healthCron: false,
      outboxRelay: { cron: '* * * * *', runOnce: async () => 0 },
    });
    const relay = functions
      .map((fn) => syncedConfig(fn, client.id)[0]!)
      .find((c) => c.id.endsWith('lifeline-outbox-relay'));
    expect(relay).toMatchObject({ triggers: [{ cron: '* * * * *' }], concurrency: { limit: 1 } });
    expect(inngestFunctions(lifeline, { healthCron: false }).length).toBe(functions.length - 1);
  });

  test('the cancellation handler listens for cancellations of exactly these functions', () => {
    const { lifeline, client } = testLifeline([op('shop/a'), op('shop/b')]);
    const functions = inngestFunctions(lifeline, { healthCron: false });
    const cancel = functions
      .map((fn) => syncedConfig(fn, client.id)[0]!)
      .find((c) => c.id.endsWith('lifeline-cancelled-runs'));
    expect(cancel!.triggers).toEqual([
      {
        event: 'inngest/function.cancelled',
        expression:
          "event.data.function_id == 'lifeline-test-lifeline-shop-a' || event.data.function_id == 'lifeline-test-lifeline-shop-b'",
      },
    ]);
    expect(inngestFunctions(lifeline, { healthCron: false, deadLetterCancelledRuns: false })).toHaveLength(2);
  });

  test('invalid options are refused naming the field', () => {
    const { lifeline } = testLifeline([op('shop/x')]);
    expect(() => inngestFunctions(lifeline, { healthCron: '' })).toThrow(/healthCron/);
    expect(() => inngestFunctions(lifeline, { outboxRelay: { cron: '* * * * *' } as never })).toThrow(
      /outboxRelay\.runOnce/,
    );
    expect(() => inngestFunctions(lifeline, { inProgressWaitMs: -1 })).toThrow(/inProgressWaitMs/);
  });

  test('a Lifeline on another queue needs a client', () => {
    const lifeline = createLifeline({ operations: [op('shop/x')], logger: silentLogger() });
    expect(() => inngestFunctions(lifeline)).toThrow(/no Inngest client/);
    expect(
      inngestFunctions(lifeline, { client: testClient(), healthCron: false, deadLetterCancelledRuns: false }),
    ).toHaveLength(1);
  });
});

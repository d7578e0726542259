/**
 * The suites are only worth running if they fail on broken implementations. Each case here runs a
 * suite against a store with one realistic bug and checks that the test guarding that guarantee fails
 * (and names it), while the correct in-memory store passes everything (see memory-conformance.test.ts).
 */
import {
  type DeadLetter,
  type DeadLetterStore,
  type IdempotencyStore,
  InvalidTransitionError,
  inProcessQueue,
  type Mailer,
  memoryDeadLetterStore,
  memoryIdempotencyStore,
  memoryMailer,
  memoryOperationLog,
  memorySmsSender,
  NotFoundError,
  type OperationLog,
  type Queue,
  type QueueWorker,
  type SmsSender,
  type ThrottleStore,
  type VirtualClock,
} from '@lifeline/core';
import { describe, expect, test } from 'vitest';
import {
  deadLetterStoreSuite,
  idempotencyStoreSuite,
  mailerSuite,
  operationLogSuite,
  queueSuite,
  type SuiteRunner,
  smsSenderSuite,
  throttleStoreSuite,
} from '../src/index';

/** Registers a suite on a collecting runner, runs every test, and returns the names of those that failed. */
async function failingTests(register: (runner: SuiteRunner) => void): Promise<string[]> {
  const tests: Array<{ name: string; fn: () => Promise<void> | void }> = [];
  register({ test: (name, fn) => tests.push({ name, fn }), expect });
  const failed: string[] = [];
  for (const { name, fn } of tests) {
    try {
      await fn();
    } catch {
      failed.push(name);
    }
  }
  expect(tests.length).toBeGreaterThan(3);
  return failed;
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('the suites catch broken implementations', () => {
  test('idempotency: a claim that checks, yields, then writes (not atomic)', async () => {
    const failed = await failingTests((runner) =>
      idempotencyStoreSuite(runner, () => {
        const inner = memoryIdempotencyStore();
        return {
          ...inner,
          async claim(key, fingerprint, leaseMs, now) {
            const existing = await inner.get(key);
            await tick();
            if (!existing) await inner.forget(key); // "it was free when I looked"
            return inner.claim(key, fingerprint, leaseMs, now);
          },
        } satisfies IdempotencyStore;
      }),
    );
    expect(failed).toContain(
      'IdempotencyStore conformance: of 20 concurrent claims of one key, exactly one is claimed',
    );
  });

  test('idempotency: leases that never expire and results that are kept forever', async () => {
    const failed = await failingTests((runner) =>
      idempotencyStoreSuite(runner, () => {
        const inner = memoryIdempotencyStore();
        return {
          ...inner,
          claim: (key, fp, leaseMs) => inner.claim(key, fp, leaseMs, 0),
        } satisfies IdempotencyStore;
      }),
    );
    expect(failed).toContain(
      'IdempotencyStore conformance: after the lease expires the key can be claimed again, and the old token is dead',
    );
    expect(failed).toContain(
      'IdempotencyStore conformance: a completed key is remembered until ttlMs, then free again',
    );
  });

  test('dead letters: offset pagination repeats entries when new ones arrive between pages', async () => {
    const failed = await failingTests((runner) =>
      deadLetterStoreSuite(runner, () => {
        const inner = memoryDeadLetterStore();
        return {
          ...inner,
          async list(options = {}) {
            const { cursor, limit = 50, ...filter } = options;
            const all = (await inner.list({ ...filter, limit: 500 })).items;
            const offset = cursor ? Number(cursor) : 0;
            const items = all.slice(offset, offset + limit);
            return offset + limit < all.length ? { items, nextCursor: String(offset + limit) } : { items };
          },
        } satisfies DeadLetterStore;
      }),
    );
    expect(failed).toContain(
      'DeadLetterStore conformance: keyset pagination never repeats or skips an entry while new entries are recorded between pages',
    );
  });

  test('dead letters: a transition that reads, yields, then writes (no compare-and-set)', async () => {
    const failed = await failingTests((runner) =>
      deadLetterStoreSuite(runner, () => {
        const inner = memoryDeadLetterStore();
        const overrides = new Map<string, DeadLetter>();
        return {
          ...inner,
          get: async (id) => overrides.get(id) ?? inner.get(id),
          async transition(id, request) {
            const entry = overrides.get(id) ?? (await inner.get(id));
            await tick();
            if (!entry) throw new NotFoundError('Dead letter', id);
            const from = typeof request.from === 'string' ? [request.from] : request.from;
            if (!from.includes(entry.status))
              throw new InvalidTransitionError(id, request.from, entry.status, request.to);
            const next: DeadLetter = {
              ...entry,
              status: request.to,
              retryCount: entry.retryCount + (request.to === 'retrying' ? 1 : 0),
              history: [
                ...entry.history,
                { from: entry.status, to: request.to, by: request.by, at: request.at },
              ],
            };
            overrides.set(id, next);
            return next;
          },
        } satisfies DeadLetterStore;
      }),
    );
    expect(failed).toContain(
      'DeadLetterStore conformance: of 10 concurrent open → retrying transitions, exactly one succeeds',
    );
    expect(failed).toContain(
      'DeadLetterStore conformance: a concurrent resolve and redrive of one entry: exactly one wins',
    );
  });

  test('throttle: GCRA with a burst of limit lets almost 2 × limit start within one period', async () => {
    const gcra = (): ThrottleStore => {
      const tats = new Map<string, number>();
      return {
        async reserve(key, limit, periodMs, now) {
          const interval = periodMs / limit;
          const tat = Math.max(tats.get(key) ?? now, now) + interval;
          tats.set(key, tat);
          return Math.max(0, tat - periodMs - now);
        },
      };
    };
    const failed = await failingTests((runner) => throttleStoreSuite(runner, gcra));
    expect(failed).toContain(
      'ThrottleStore conformance: concurrent reservations of one key: exactly limit start now, and no period ever holds more than limit',
    );
    expect(failed).toContain(
      'ThrottleStore conformance: reservations arriving at random times never put more than limit starts in one period',
    );
  });

  test('operation log: an inclusive window end and an interpolated p95', async () => {
    const failed = await failingTests((runner) =>
      operationLogSuite(runner, () => {
        const inner = memoryOperationLog();
        return {
          ...inner,
          summarize: async (window) => {
            const summary = await inner.summarize({ from: window.from, to: window.to + 1 });
            for (const kind of Object.values(summary)) {
              if (kind.p95TimeToSuccessMs !== null && kind.avgTimeToSuccessMs !== null) {
                kind.p95TimeToSuccessMs = Math.round(
                  kind.p95TimeToSuccessMs * 0.95 + kind.avgTimeToSuccessMs * 0.05,
                );
              }
            }
            return summary;
          },
        } satisfies OperationLog;
      }),
    );
    expect(failed).toContain('OperationLog conformance: a window counts records with from <= at < to only');
    expect(failed).toContain(
      'OperationLog conformance: p95 time to success is the nearest-rank 95th percentile',
    );
  });

  test('queue: retries that do not wait their delay', async () => {
    const impatient = (clock: VirtualClock): Queue => {
      const queue = inProcessQueue({ clock });
      return {
        ...queue,
        start: (worker: QueueWorker) =>
          queue.start({
            async runAttempt(event, attempt) {
              const result = await worker.runAttempt(event, attempt);
              return result.status === 'retry' ? { ...result, delayMs: 0 } : result;
            },
          }),
      };
    };
    const failed = await failingTests((runner) => queueSuite(runner, impatient));
    expect(failed).toContain(
      'Queue conformance: retries wait delayMs on the clock between attempts, numbered 1, 2, 3',
    );
  });

  test('queue: delayed sends that run at once, and a cancel that lets retries go on', async () => {
    const eager = (clock: VirtualClock): Queue => {
      const queue = inProcessQueue({ clock });
      return { ...queue, enqueue: ({ runAt: _ignored, ...event }) => queue.enqueue(event) };
    };
    const eagerFailed = await failingTests((runner) => queueSuite(runner, eager));
    expect(eagerFailed).toContain(
      'Queue conformance: delayed sends: an event with runAt in the future starts no earlier than runAt',
    );
    const leaky = (clock: VirtualClock): Queue => {
      const queue = inProcessQueue({ clock });
      return { ...queue, cancel: async () => ({ cancelled: 0, running: false }) };
    };
    const leakyFailed = await failingTests((runner) => queueSuite(runner, leaky));
    expect(leakyFailed).toContain(
      'Queue conformance: cancel: cancelling an event waiting for a retry stops its retries',
    );
  });

  test('queue: a queue that does not store the trace context drops it', async () => {
    const forgetful = (clock: VirtualClock): Queue => {
      const queue = inProcessQueue({ clock });
      return { ...queue, enqueue: ({ traceContext: _dropped, ...event }) => queue.enqueue(event) };
    };
    const failed = await failingTests((runner) => queueSuite(runner, forgetful));
    expect(failed).toContain('Queue conformance: a queue delivers event.traceContext unchanged');
  });

  test('mailer: ignoring the idempotency key delivers twice', async () => {
    const failed = await failingTests((runner) =>
      mailerSuite(runner, async () => {
        const inner = memoryMailer();
        let n = 0;
        const mailer: Mailer = {
          send: (message, options) =>
            inner.send(message, { ...options, idempotencyKey: `${options.idempotencyKey}#${n++}` }),
        };
        return { mailer, delivered: async () => inner.sent };
      }),
    );
    expect(failed).toContain(
      'Mailer conformance: the same idempotency key twice delivers one email and returns the same id',
    );
    expect(failed).toContain(
      'Mailer conformance: concurrent sends with one idempotency key deliver at most one email',
    );
  });

  test('sms: ignoring the idempotency key sends twice; skipping validation sends to a bad number', async () => {
    const failed = await failingTests((runner) =>
      smsSenderSuite(runner, async () => {
        const inner = memorySmsSender();
        const delivered: Array<{ message: { to: string; body: string } }> = [];
        let n = 0;
        const sms: SmsSender = {
          async send(message, options) {
            options.signal?.throwIfAborted();
            delivered.push({ message }); // "the provider validates numbers anyway"
            return inner
              .send(
                { ...message, to: '+14155550100' },
                { ...options, idempotencyKey: `${options.idempotencyKey}#${n++}` },
              )
              .catch(() => ({ id: 'x' }));
          },
        };
        return { sms, delivered: async () => delivered };
      }),
    );
    expect(failed).toContain(
      'SmsSender conformance: the same idempotency key twice sends one text and returns the same id',
    );
    expect(failed).toContain(
      'SmsSender conformance: concurrent sends with one idempotency key send at most one text',
    );
    expect(failed).toContain(
      'SmsSender conformance: a number that is not E.164 is rejected before anything is sent',
    );
    expect(failed).toContain(
      'SmsSender conformance: the same idempotency key with a different text is a PermanentError and sends nothing more',
    );
  });
});

import {
  type AnyOperation,
  type AttemptRecord,
  createLifeline,
  type Lifeline,
  type LifelineOptions,
  memoryAlerter,
  memoryOperationLog,
  type OperationLog,
  silentLogger,
  type VirtualClock,
  virtualClock,
} from '@lifeline/core';
import { Inngest } from 'inngest';
import { inngestEventId, inngestQueue, toEnvelope } from '../../src/index';
import type { InngestEvent } from './inngest-internals';

/** The real memory operation log, also keeping every row appended, so tests can count rows. */
export function recordingLog(): OperationLog & { rows: AttemptRecord[] } {
  const log = memoryOperationLog();
  const rows: AttemptRecord[] = [];
  return {
    rows,
    async append(record) {
      await log.append(record);
      rows.push(record);
    },
    summarize: (window) => log.summarize(window),
    histogram: (window, bucketMs) => log.histogram(window, bucketMs),
    attempts: (query) => log.attempts(query),
  };
}

const quiet = { info() {}, warn() {}, error() {}, debug() {} };

/** A real Inngest client in dev mode, sending to `baseUrl` (a stand-in on 127.0.0.1), its own logs muted. */
export function testClient(baseUrl = 'http://127.0.0.1:9'): Inngest {
  return new Inngest({ id: 'lifeline-test', baseUrl, isDev: true, logger: quiet });
}

/** A Lifeline on an Inngest queue with in-memory stores, a recording alerter and log, on a virtual clock. */
export function testLifeline(
  operations: AnyOperation[],
  options: { client?: Inngest; clock?: VirtualClock } & Partial<
    Pick<LifelineOptions, 'mailer' | 'random'>
  > = {},
) {
  const client = options.client ?? testClient();
  const clock = options.clock ?? virtualClock();
  const alerter = memoryAlerter();
  const log = recordingLog();
  const lifeline: Lifeline = createLifeline({
    operations,
    clock,
    logger: silentLogger(),
    queue: inngestQueue({ client }),
    alerter,
    log,
    random: options.random ?? (() => 0.5),
    ...(options.mailer ? { mailer: options.mailer } : {}),
  });
  return { lifeline, client, clock, alerts: alerter.alerts, rows: log.rows };
}

/** The Inngest event `inngestQueue` sends for `data` of `operation` (see inngest-queue.test.ts for the wire). */
export function sentEvent(
  lifeline: Lifeline,
  operation: AnyOperation,
  data: unknown,
  overrides: { eventId?: string; redriveOf?: string } = {},
): InngestEvent {
  const parsed = operation.parse(data);
  const queued = {
    id: overrides.eventId ?? `evt_${Math.random().toString(36).slice(2)}`,
    name: operation.name,
    kind: operation.kind,
    data: parsed,
    idempotencyKey: operation.keyFor(parsed),
    enqueuedAt: lifeline.clock.now(),
    ...(overrides.redriveOf ? { redriveOf: overrides.redriveOf } : {}),
  };
  return {
    name: operation.name,
    id: inngestEventId(queued),
    ts: queued.enqueuedAt,
    data: toEnvelope(queued) as unknown as Record<string, unknown>,
  };
}

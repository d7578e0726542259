import { createHash } from 'node:crypto';
import { type BullmqQueue, bullmqQueue } from '@lifeline/bullmq';
import type { Clock, Lifeline, Logger } from '@lifeline/core';
import {
  type OutboxRelay,
  type PostgresQueue,
  postgresOutbox,
  type SqlClient,
  startOutboxRelay,
} from '@lifeline/postgres';
import IORedis from 'ioredis';

/** Where `--engine bullmq` finds Redis unless `REDIS_URL` says otherwise. */
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
/** How often the outbox relay looks for rows by itself (on the run's clock). */
const RELAY_POLL_MS = 60_000;

/** The shop's queue when it runs on BullMQ: what `createShop` needs from it, beside the `Queue` itself. */
export interface BullmqEngine {
  queue: BullmqQueue;
  /**
   * Writes the work into the outbox table through `tx` (it reaches BullMQ only if `tx` commits): the
   * same call as `postgresQueue`'s `enqueueIn`, so the shop's code does not change with the engine.
   */
  enqueueIn: PostgresQueue['enqueueIn'];
  /** Starts the relay that moves committed outbox rows into `lifeline.send` (and so into BullMQ). */
  start(lifeline: Lifeline): void;
  /** Attempts running here, and results not yet written to Redis. */
  stats(): { running: number; unsettled: number };
  /** Work not finished: unsent outbox rows and BullMQ jobs; `dueUnclaimed` is work due that nothing runs yet. */
  backlog(): Promise<{ jobs: number; dueUnclaimed: number }>;
  /** After `lifeline.close`: stops the relay, deletes the run's Redis keys once nothing is left, disconnects. */
  stop(): Promise<void>;
}

/**
 * Checks that Redis answers at `url`, and says how to get one when it does not: `--engine bullmq` needs it,
 * the default engine does not.
 */
export async function checkRedis(url: string): Promise<void> {
  const probe = new IORedis(url, { lazyConnect: true, connectTimeout: 2_000, retryStrategy: () => null });
  probe.on('error', () => {});
  try {
    await probe.connect();
    await probe.ping();
  } catch (error) {
    throw new Error(
      `--engine bullmq needs Redis, and none answered at ${url} (${error instanceof Error ? error.message : String(error)}). ` +
        'Start one (redis-server --daemonize yes) or point REDIS_URL at it; without --engine the demo needs no Redis.',
    );
  } finally {
    probe.disconnect();
  }
}

/**
 * The BullMQ engine of the shop: `bullmqQueue` on Redis for the work, and the transactional outbox of
 * `@lifeline/postgres` for work written inside the shop's transactions (a purchase and its checkout job,
 * a fulfilment and its receipt), relayed to BullMQ after commit under the row's id as event id, so a
 * relay re-send lands on the same BullMQ job. Keys live under a prefix of this data directory and run,
 * so a run resumed after a crash finds its jobs.
 */
export function bullmqEngine(options: {
  sql: SqlClient;
  clock: Clock;
  logger: Logger;
  redisUrl: string;
  /** The data directory and run, for the Redis key prefix. */
  runKey: string;
  concurrency: number;
}): BullmqEngine {
  const { sql, clock } = options;
  const connection = new IORedis(options.redisUrl, { maxRetriesPerRequest: null });
  const prefix = `lifeline-sim-${createHash('sha256').update(options.runKey).digest('hex').slice(0, 12)}`;
  const queue = bullmqQueue({ connection, prefix, name: 'shop', concurrency: options.concurrency });
  const outbox = postgresOutbox({ clock });
  let relay: OutboxRelay | undefined;
  let kick: Promise<unknown> | undefined;

  async function outboxBacklog() {
    const { rows } = await sql.query<{ rows: number; due: number }>(
      `SELECT count(*)::int AS rows,
              (count(*) FILTER (WHERE available_at <= to_timestamp($1::float8 / 1000)))::int AS due
       FROM lifeline.outbox WHERE sent_at IS NULL`,
      [clock.now()],
    );
    return rows[0] ?? { rows: 0, due: 0 };
  }

  return {
    queue,
    async enqueueIn(tx, operation, data, enqueueOptions = {}) {
      if (enqueueOptions.eventId !== undefined)
        throw new Error('bullmqEngine.enqueueIn: the outbox row id is the event id; eventId cannot be set');
      const at = enqueueOptions.at === undefined ? undefined : new Date(enqueueOptions.at).getTime();
      const row = await outbox.enqueue(tx, operation as Parameters<typeof outbox.enqueue>[1], data, {
        ...(enqueueOptions.idempotencyKey ? { idempotencyKey: enqueueOptions.idempotencyKey } : {}),
        ...(at === undefined ? {} : { availableAt: at }),
      });
      return { eventId: row.id, idempotencyKey: row.idempotencyKey };
    },
    start(lifeline) {
      // The relay's own poll is only a fallback: `backlog()` (asked whenever the run is idle) kicks it as
      // soon as a committed row is due. A short poll on a virtual clock would be a timer every step.
      relay = startOutboxRelay({ sql, lifeline, clock, logger: options.logger, pollMs: RELAY_POLL_MS });
    },
    stats() {
      const { running, settling, promoting } = queue.stats();
      return { running, unsettled: settling + promoting };
    },
    async backlog() {
      const [pending, counts] = await Promise.all([
        outboxBacklog(),
        queue.bullQueue.getJobCounts('wait', 'prioritized', 'delayed', 'active'),
      ]);
      const { running, settling, promoting } = queue.stats();
      // Committed rows the relay has not sent: send them now rather than at its next poll on the clock.
      if (pending.due > 0 && relay && !kick) kick = relay.runOnce().finally(() => (kick = undefined));
      const waiting = counts.wait! + counts.prioritized!;
      // Active in Redis but not running an attempt here: being picked up, or its result being written.
      const between = counts.active! - running + settling + promoting;
      return {
        jobs: pending.rows + waiting + counts.delayed! + counts.active!,
        dueUnclaimed: pending.due + waiting + Math.max(0, between),
      };
    },
    async stop() {
      await relay?.stop();
      await kick;
      // The queue is closed now: ask Redis directly whether any job of the run is left.
      const key = (type: string) => `${prefix}:shop:${type}`;
      const [wait, active, delayed, prioritized] = await Promise.all([
        connection.llen(key('wait')),
        connection.llen(key('active')),
        connection.zcard(key('delayed')),
        connection.zcard(key('prioritized')),
      ]);
      const unsent = (await outboxBacklog()).rows;
      if (wait + active + delayed + prioritized + unsent === 0) {
        let cursor = '0';
        do {
          const [next, keys] = await connection.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1_000);
          cursor = next;
          if (keys.length > 0) await connection.del(...keys);
        } while (cursor !== '0');
      }
      connection.disconnect();
    },
  };
}

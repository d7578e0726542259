import { type Clock, type Logger, type SendOptions, systemClock } from '@lifeline/core';
import { z } from 'zod';
import { fromJson } from '../internal/json';
import { ms, pgTime, ts } from '../internal/sql';
import { parseOrThrow } from '../internal/validate';
import { quotedSchema, type SchemaOptions } from '../schema/identifier';
import type { SqlClient } from '../sql-client';

/** Where the relay hands rows: `lifeline.send` (a `Lifeline` fits). */
export interface OutboxTarget {
  /** Validates and enqueues the work; throws when the queue refuses it. */
  send(name: string, data: any, options: SendOptions): Promise<unknown>;
}

/** Options of {@link startOutboxRelay}. */
export interface OutboxRelayOptions extends SchemaOptions {
  sql: SqlClient;
  lifeline: OutboxTarget;
  /** Rows claimed per round, 1..1000; default 50. */
  batchSize?: number;
  /** Wait between rounds when the last one found less than a full batch; default 1000 ms. */
  pollMs?: number;
  /** How long a claimed row stays hidden from other relays while this one sends it; default 60 s. */
  leaseMs?: number;
  /** Delay before re-sending a row whose send threw: doubles from `initialMs` up to `maxMs`. Default 1 s .. 5 min. */
  backoff?: { initialMs?: number; maxMs?: number };
  clock?: Clock;
  logger?: Logger;
}

/** A running relay. */
export interface OutboxRelay {
  /** Claims one batch of due rows and sends them; resolves with how many were sent. */
  runOnce(): Promise<number>;
  /** Stops polling and waits for the round in flight to finish. */
  stop(): Promise<void>;
}

interface OutboxRow {
  id: string;
  name: string;
  data: string | null;
  idempotency_key: string;
  created_at: number;
  attempts: number;
}

const optionsSchema = z.object({
  batchSize: z.number().int().min(1).max(1000).optional(),
  pollMs: z.number().finite().positive().optional(),
  leaseMs: z.number().finite().positive().optional(),
  backoff: z
    .object({
      initialMs: z.number().finite().positive().optional(),
      maxMs: z.number().finite().positive().optional(),
    })
    .optional(),
});

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

const describe = (error: unknown) =>
  (error instanceof Error ? `${error.name}: ${error.message}` : String(error))
    .replaceAll('\u0000', '')
    .slice(0, 2000);

/**
 * Starts a relay that moves committed outbox rows into `lifeline.send`, and keeps polling until stopped.
 *
 * Guarantees:
 * - A round claims due rows in one statement (`UPDATE … FROM (SELECT … FOR UPDATE SKIP LOCKED)`) that
 *   pushes their `available_at` out by `leaseMs`: no row lock is held while sending, and any number of
 *   relays (processes, machines) can run at once without sending a row twice while its lease runs.
 * - Each row is sent with its fixed idempotency key, its outbox id as the event id and its `created_at`
 *   as `enqueuedAt`, then marked sent. Delivery is at least once: if the process dies between the send
 *   and the mark (or a send outlives `leaseMs`), the row is sent again under the same key and event id,
 *   and Lifeline's idempotency makes the effect happen once.
 * - A send that throws (the queue refused) leaves the row pending with `attempts`, `last_error` and a
 *   doubling backoff. Rows are never dropped: one that keeps failing is logged at error level each time.
 *
 * @example
 * ```ts
 * const relay = startOutboxRelay({ sql, lifeline });
 * process.on('SIGTERM', () => relay.stop());
 * ```
 */
export function startOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const checked = parseOrThrow(optionsSchema, 'outbox relay options', {
    batchSize: options.batchSize,
    pollMs: options.pollMs,
    leaseMs: options.leaseMs,
    backoff: options.backoff,
  });
  const table = `${quotedSchema(options)}.outbox`;
  const { sql, lifeline } = options;
  const clock = options.clock ?? systemClock();
  const logger = options.logger ?? silent;
  const batchSize = checked.batchSize ?? 50;
  const pollMs = checked.pollMs ?? 1000;
  const leaseMs = checked.leaseMs ?? 60_000;
  const initialMs = checked.backoff?.initialMs ?? 1000;
  const maxMs = checked.backoff?.maxMs ?? 300_000;

  async function claim(): Promise<OutboxRow[]> {
    const now = clock.now();
    const { rows } = await sql.query<OutboxRow>(
      `UPDATE ${table} o SET available_at = ${ts('$2')}, attempts = o.attempts + 1
       FROM (SELECT id FROM ${table} WHERE sent_at IS NULL AND available_at <= ${ts('$1')}
             ORDER BY available_at, created_at LIMIT $3 FOR UPDATE SKIP LOCKED) due
       WHERE o.id = due.id
       RETURNING o.id, o.name, o.data::text AS data, o.idempotency_key, ${ms('o.created_at')} AS created_at, o.attempts`,
      [pgTime(now), pgTime(now + leaseMs), batchSize],
    );
    return rows.sort((a, b) => a.created_at - b.created_at || (a.id < b.id ? -1 : 1));
  }

  async function deliver(row: OutboxRow): Promise<boolean> {
    try {
      await lifeline.send(row.name, fromJson(row.data), {
        idempotencyKey: row.idempotency_key,
        eventId: row.id,
        enqueuedAt: row.created_at,
      });
    } catch (error) {
      const delay = Math.min(maxMs, initialMs * 2 ** Math.min(row.attempts - 1, 40));
      await sql.query(
        `UPDATE ${table} SET available_at = ${ts('$2')}, last_error = $3 WHERE id = $1 AND sent_at IS NULL`,
        [row.id, pgTime(clock.now() + delay), describe(error)],
      );
      logger[row.attempts >= 5 ? 'error' : 'warn']('lifeline outbox: send failed; will retry', {
        id: row.id,
        name: row.name,
        attempts: row.attempts,
        retryInMs: delay,
        error: describe(error),
      });
      return false;
    }
    await sql.query(
      `UPDATE ${table} SET sent_at = ${ts('$2')}, last_error = NULL WHERE id = $1 AND sent_at IS NULL`,
      [row.id, pgTime(clock.now())],
    );
    return true;
  }

  async function round(): Promise<{ claimed: number; sent: number }> {
    const rows = await claim();
    let sent = 0;
    for (const row of rows) if (await deliver(row)) sent++;
    return { claimed: rows.length, sent };
  }

  let stopped = false;
  const wake = new AbortController();
  const loop = (async () => {
    while (!stopped) {
      let full = false;
      try {
        full = (await round()).claimed === batchSize;
      } catch (error) {
        logger.error('lifeline outbox: relay round failed; retrying after the poll interval', {
          error: describe(error),
        });
      }
      if (!stopped && !full) await clock.sleep(pollMs, wake.signal).catch(() => {});
    }
  })();

  return {
    runOnce: async () => (await round()).sent,
    async stop() {
      stopped = true;
      wake.abort();
      await loop;
    },
  };
}

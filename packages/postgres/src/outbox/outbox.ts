import { type AnyOperation, type Clock, type OperationInput, systemClock } from '@lifeline/core';
import { z } from 'zod';
import { toJson } from '../internal/json';
import { epochMs, nonEmptyText } from '../internal/schemas';
import { ms, pgTime, ts } from '../internal/sql';
import { parseOrThrow } from '../internal/validate';
import { quotedSchema, type SchemaOptions } from '../schema/identifier';
import type { SqlClient } from '../sql-client';

/** Options of {@link postgresOutbox}. */
export interface PostgresOutboxOptions extends SchemaOptions {
  /** Stamps `created_at`; default the system clock. Give the relay the same clock. */
  clock?: Clock;
}

/** Per-enqueue options. */
export interface OutboxEnqueueOptions {
  /** Overrides the operation's derived idempotency key (e.g. a Stripe event id). */
  idempotencyKey?: string;
  /** Epoch ms before which the relay does not send it (a delayed send). Default: now. */
  availableAt?: number;
}

/** What {@link PostgresOutbox.enqueue} wrote. */
export interface OutboxReceipt {
  /** The outbox row id; the relay sends it as the event id. */
  id: string;
  idempotencyKey: string;
  /** Epoch ms. */
  createdAt: number;
}

/** The structural part of an operation the outbox needs: `defineOperation` results fit. */
export type OutboxOperation = Pick<AnyOperation, 'name' | 'parse' | 'keyFor'>;

/** Writes operations' work into the outbox table inside the caller's transaction. */
export interface PostgresOutbox {
  /**
   * Validates `data` with the operation's schema, derives its idempotency key, and inserts one outbox
   * row through `tx`, so the row commits or rolls back with the caller's own writes.
   */
  enqueue<O extends OutboxOperation>(
    tx: SqlClient,
    operation: O,
    data: O extends AnyOperation ? OperationInput<O> : unknown,
    options?: OutboxEnqueueOptions,
  ): Promise<OutboxReceipt>;
}

const enqueueOptionsSchema = z.object({
  idempotencyKey: nonEmptyText.optional(),
  availableAt: epochMs.optional(),
});

/**
 * The transactional outbox: closes the dual-write hole where the app's transaction commits and the
 * process dies before the work reaches the queue. Enqueue inside your transaction; a relay
 * ({@link startOutboxRelay}) sends committed rows to `lifeline.send`.
 *
 * Guarantees: a row exists if and only if the caller's transaction committed; the payload is validated
 * (a `ValidationError` names the field) before anything is written, and stored as given, to be validated
 * again by `lifeline.send`; the idempotency key is fixed at enqueue time.
 *
 * @example
 * ```ts
 * const outbox = postgresOutbox();
 * await sql.transaction(async (tx) => {
 *   await tx.query('insert into purchases (id, email) values ($1, $2)', ['p_1', 'ada@example.com']);
 *   await outbox.enqueue(tx, sendReceipt, { purchaseId: 'p_1', email: 'ada@example.com' });
 * });
 * ```
 */
export function postgresOutbox(options: PostgresOutboxOptions = {}): PostgresOutbox {
  const table = `${quotedSchema(options)}.outbox`;
  const clock = options.clock ?? systemClock();
  return {
    async enqueue(tx, operation, data, enqueueOptions = {}) {
      const extra = parseOrThrow(
        enqueueOptionsSchema,
        `outbox options for "${operation.name}"`,
        enqueueOptions,
      );
      const parsed = operation.parse(data);
      const idempotencyKey = extra.idempotencyKey ?? operation.keyFor(parsed);
      const now = clock.now();
      const { rows } = await tx.query<{ id: string; created_at: number }>(
        `INSERT INTO ${table} (name, data, idempotency_key, created_at, available_at)
         VALUES ($1, $2::text::json, $3, ${ts('$4')}, ${ts('$5')})
         RETURNING id, ${ms('created_at')} AS created_at`,
        [
          operation.name,
          toJson(data, `payload for "${operation.name}"`, 'data'),
          idempotencyKey,
          pgTime(now),
          pgTime(extra.availableAt ?? now),
        ],
      );
      const row = rows[0]!;
      return { id: row.id, idempotencyKey, createdAt: row.created_at };
    },
  };
}

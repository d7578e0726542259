import { randomUUID } from 'node:crypto';
import type { AnyOperation, OperationInput, QueuedEvent, SendReceipt } from '@lifeline/core';
import { z } from 'zod';
import { toJson } from '../internal/json';
import { epochMs, nonEmptyText } from '../internal/schemas';
import { pgTime } from '../internal/sql';
import { parseOrThrow } from '../internal/validate';
import type { SqlClient } from '../sql-client';
import type { JobRow, jobStatements } from './job-sql';

/** Options of {@link PostgresQueue.enqueueIn}. */
export interface EnqueueInOptions {
  /** Overrides the operation's derived idempotency key (e.g. a Stripe event id). */
  idempotencyKey?: string;
  /** Overrides the delivery id (default: a new random id). Enqueuing one id twice writes one job. */
  eventId?: string;
  /** Run no earlier than this time (epoch ms or a Date): a delayed send. */
  at?: number | Date;
}

/** The structural part of an operation `enqueueIn` needs: `defineOperation` results fit. */
export type EnqueueOperation = Pick<AnyOperation, 'name' | 'kind' | 'parse' | 'keyFor'>;

/** The input type of an operation, or `unknown` for a structural one. */
export type EnqueueData<O> = O extends AnyOperation ? OperationInput<O> : unknown;

const optionsSchema = z.object({
  idempotencyKey: nonEmptyText.optional(),
  eventId: nonEmptyText.optional(),
  at: z
    .union([
      epochMs,
      z
        .date()
        .transform((date) => date.getTime())
        .pipe(epochMs),
    ])
    .optional(),
});

/** @internal Builds the event `enqueueIn` writes: validated payload, derived key, optional `at`. */
export function eventFor(
  operation: EnqueueOperation,
  data: unknown,
  options: EnqueueInOptions,
  now: number,
): QueuedEvent {
  const extra = parseOrThrow(
    optionsSchema,
    `postgresQueue.enqueueIn options for "${operation.name}"`,
    options,
  );
  const parsed = operation.parse(data);
  const event: QueuedEvent = {
    id: extra.eventId ?? `evt_${randomUUID()}`,
    name: operation.name,
    kind: operation.kind,
    data: parsed,
    idempotencyKey: extra.idempotencyKey ?? operation.keyFor(parsed),
    enqueuedAt: now,
  };
  if (extra.at !== undefined) event.runAt = extra.at;
  return event;
}

const eventSchema = z.object({
  id: nonEmptyText,
  name: nonEmptyText,
  idempotencyKey: nonEmptyText,
  enqueuedAt: epochMs,
  runAt: epochMs.optional(),
  traceContext: z.record(z.string(), z.string()).optional(),
});

/** @internal Claims the row being written for this worker, settling finished attempts in the same statement. */
export interface ClaimOnInsert {
  /** Epoch ms the lease ends. */
  leaseEnd: number;
  /** Settlements as JSON (see `settleAndClaim`). */
  settlements: string;
}

/**
 * @internal Writes one job row (and its NOTIFY when asked), or with `claim` a row already claimed by the
 * caller; one statement, one round trip. Returns the claimed row when `claim` was given and it was written.
 */
export async function insertJob(
  sql: SqlClient,
  statements: ReturnType<typeof jobStatements>,
  queue: string,
  event: QueuedEvent,
  now: number,
  notifyPayload: string | undefined,
  claim?: ClaimOnInsert,
): Promise<JobRow | undefined> {
  parseOrThrow(eventSchema, `event "${event.name}" for postgresQueue`, event);
  const runAt = event.runAt ?? now;
  const traceContext =
    event.traceContext === undefined
      ? null
      : toJson(event.traceContext, `trace context of "${event.name}"`, 'traceContext');
  const params = [
    queue,
    event.id,
    event.name,
    event.kind,
    toJson(event.data, `payload for "${event.name}"`, 'data'),
    event.idempotencyKey,
    pgTime(event.enqueuedAt),
    event.redriveOf ?? null,
    event.runAt === undefined ? null : pgTime(event.runAt),
    pgTime(runAt),
    event.redriveBy ?? null,
    traceContext,
  ];
  if (claim && runAt <= now) {
    const { rows } = await sql.query<JobRow>(statements.insertClaimed, [
      ...params.slice(0, 9),
      pgTime(claim.leaseEnd),
      claim.settlements,
      event.redriveBy ?? null,
      traceContext,
    ]);
    return rows[0];
  }
  if (notifyPayload !== undefined && runAt <= now)
    await sql.query(statements.insertAndNotify, [...params, notifyPayload]);
  else await sql.query(statements.insert, params);
  return undefined;
}

/** @internal What `enqueueIn` and `send` resolve with. */
export const receiptOf = (event: QueuedEvent): SendReceipt => ({
  eventId: event.id,
  idempotencyKey: event.idempotencyKey,
});

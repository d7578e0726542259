import type { AnyOperation, Lifeline } from '@lifeline/core';
import { ConfigurationError } from '@lifeline/core';
import type { PostgresOutbox, SqlClient } from '@lifeline/postgres';
import type { WebhookLifeline } from '@lifeline/stripe';

/**
 * The lifeline as the Stripe webhook handler sees it, except that `send` commits the event to the
 * outbox instead of handing it to the in-process queue. The handler answers 200 only after that commit,
 * so an event Stripe was told "received" survives a crash a millisecond later; the outbox relay then
 * passes it to the lifeline. (On Inngest, pass the lifeline itself: Inngest's acceptance is durable.)
 */
export function outboxIntake(lifeline: Lifeline, sql: SqlClient, outbox: PostgresOutbox): WebhookLifeline {
  const operationOf = (operation: AnyOperation | string): AnyOperation => {
    const found = lifeline.operations.get(typeof operation === 'string' ? operation : operation.name);
    if (!found) throw new ConfigurationError(`No operation named "${String(operation)}" is registered`);
    return found;
  };
  return {
    operations: lifeline.operations,
    clock: lifeline.clock,
    logger: lifeline.logger,
    send: (async (
      operation: AnyOperation | string,
      data: unknown,
      options: { idempotencyKey?: string } = {},
    ) => {
      const receipt = await outbox.enqueue(sql, operationOf(operation), data, {
        ...(options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {}),
      });
      return { eventId: receipt.id, idempotencyKey: receipt.idempotencyKey };
    }) as Lifeline['send'],
  };
}

import { defineOperation, type Operation, type OperationDefinition } from '@lifeline/core';
import { z } from 'zod';

/** The payload every ingestion operation receives: the verified event, as the handler enqueued it. */
export const ingestedEventSchema = z.strictObject({
  /** The verifier's `provider`, e.g. `standard-webhooks` or `stripe`. */
  provider: z.string().min(1),
  /** The provider's event id. */
  id: z.string().min(1).max(400),
  /** The event type. */
  type: z.string().min(1).max(400),
  /** The parsed, verified body. */
  payload: z.json(),
});

/** What an ingestion operation's `run` receives. */
export type IngestedEvent = z.output<typeof ingestedEventSchema>;

/** The idempotency key of an ingested event: one per provider and event id. */
export function ingestionKey(provider: string, id: string): string {
  return `ingest:${provider}:${id}`;
}

/**
 * Defines an operation for {@link verifiedWebhookHandler}'s `events` map: kind `webhook`, 5 attempts, a
 * critical alert on final failure, keyed by provider and event id (so a redelivery of a completed
 * event does not run twice, while a redelivery after a failure runs again).
 *
 * @example
 * ```ts
 * const partnerPaid = ingestedEventOperation({
 *   name: 'partner/invoice.paid',
 *   run: async (event) => { console.log(event.id, event.payload) },
 * });
 * ```
 */
export function ingestedEventOperation<Result>(
  definition: Omit<OperationDefinition<typeof ingestedEventSchema, Result>, 'kind' | 'schema'>,
): Operation<typeof ingestedEventSchema, Result> {
  return defineOperation({
    idempotencyKey: (event) => ingestionKey(event.provider, event.id),
    alertSeverity: 'critical',
    ...definition,
    retry: { attempts: 5, ...definition.retry },
    kind: 'webhook',
    schema: ingestedEventSchema,
  });
}

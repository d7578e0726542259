import {
  type AnyOperation,
  ConfigurationError,
  type IdempotencyStore,
  type Lifeline,
  type Logger,
  ValidationError,
} from '@lifeline/core';
import { readBodyWithLimit } from '@lifeline/core/adapter';
import { z } from 'zod';
import { ingestionKey } from './ingested-event';
import { jsonResponse } from './json-response';
import type { IngestionRejection, WebhookVerifier } from './verifier';

/** What the handler needs from a Lifeline: `createLifeline(...)` fits. */
export type IngestionLifeline = Pick<Lifeline, 'send' | 'clock' | 'logger' | 'operations'>;

/** Options of {@link verifiedWebhookHandler}. */
export interface VerifiedWebhookHandlerOptions {
  /** The signature scheme: `standardWebhooksVerifier(...)`, `stripeVerifier(...)` or your own. */
  verifier: WebhookVerifier;
  /** Where verified events are enqueued. */
  lifeline: IngestionLifeline;
  /** The Lifeline's idempotency store (the one given to `createLifeline`), read to answer completed duplicates. */
  idempotency: IdempotencyStore;
  /** Event type → operation (built with `ingestedEventOperation`). Other types are answered 200 and ignored. */
  events: Readonly<Record<string, AnyOperation>>;
  /** Largest body read; default 1 MiB. */
  maxBodyBytes?: number;
  /** Default: the lifeline's logger. */
  logger?: Logger;
}

const optionsSchema = z.object({
  verifier: z.custom<WebhookVerifier>(
    (v) =>
      typeof (v as WebhookVerifier)?.verify === 'function' &&
      typeof (v as WebhookVerifier)?.provider === 'string',
    'a verifier (standardWebhooksVerifier(...) or stripeVerifier(...))',
  ),
  lifeline: z.custom<IngestionLifeline>(
    (v) =>
      typeof (v as IngestionLifeline)?.send === 'function' &&
      (v as IngestionLifeline)?.operations instanceof Map,
    'a Lifeline (createLifeline(...))',
  ),
  idempotency: z.custom<IdempotencyStore>(
    (v) => typeof (v as IdempotencyStore)?.get === 'function',
    'an idempotency store',
  ),
  events: z.record(
    z.string().min(1),
    z.custom<AnyOperation>((v) => typeof (v as AnyOperation)?.name === 'string', 'an operation'),
  ),
  maxBodyBytes: z.number().int().positive().optional(),
  logger: z.custom<Logger>((v) => typeof (v as Logger)?.debug === 'function', 'a logger').optional(),
});

const ANSWERS: Record<IngestionRejection, string> = {
  missing_signature: 'missing signature headers',
  invalid_signature: 'invalid signature',
  timestamp_outside_tolerance: 'signature timestamp outside tolerance',
  invalid_encoding: 'body is not valid UTF-8',
  malformed_json: 'malformed JSON',
  not_an_event: 'not an event',
};

/**
 * A Web-standard verified-ingestion endpoint, `(request: Request) => Promise<Response>`, for any sender
 * whose signature scheme has a {@link WebhookVerifier}: Standard Webhooks, Stripe, or your own.
 *
 * | request | answer |
 * | --- | --- |
 * | not `POST` | 405 |
 * | body over `maxBodyBytes` | 413, not read to the end |
 * | bad or missing signature, stale timestamp, not UTF-8 / JSON / an event | 400, nothing enqueued |
 * | type not in `events` | 200 `{ received: true, ignored: true }` |
 * | event already completed | 200 `{ received: true, duplicate: true }`, nothing enqueued |
 * | queue accepted | 200 `{ received: true }` |
 * | queue refused | 500, so the sender retries |
 *
 * Guarantees: the signature is checked over the exact received bytes. The event is sent with the
 * idempotency key `ingest:<provider>:<event id>`, so it runs once in effect however often it is
 * delivered. Dedupe reads the idempotency store: only a *completed* key counts as done; an event whose
 * run failed (its claim was released, or it was dead-lettered) is enqueued again on redelivery and runs
 * again. 2xx is answered only after `lifeline.send` resolved (the queue accepted it).
 *
 * @example
 * ```ts
 * const partnerPaid = ingestedEventOperation({ name: 'partner/invoice.paid', run: async (event) => {} });
 * const handler = verifiedWebhookHandler({
 *   verifier: standardWebhooksVerifier({ secrets: [process.env.PARTNER_WEBHOOK_SECRET!] }),
 *   lifeline, idempotency, events: { 'invoice.paid': partnerPaid },
 * });
 * // app/api/webhooks/partner/route.ts: export const POST = handler;
 * ```
 */
export function verifiedWebhookHandler(
  options: VerifiedWebhookHandlerOptions,
): (request: Request) => Promise<Response> {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) throw ValidationError.fromZod('verifiedWebhookHandler options', parsed.error, options);
  const { verifier, lifeline, idempotency } = options;
  const events = new Map(Object.entries(options.events));
  const missing = [...events].filter(([, op]) => !lifeline.operations.has(op.name));
  if (missing.length > 0) {
    throw new ConfigurationError(
      `verifiedWebhookHandler: these operations are not registered with the lifeline: ${missing.map(([t, op]) => `${t} → "${op.name}"`).join(', ')}`,
    );
  }
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const logger = options.logger ?? lifeline.logger;
  const provider = verifier.provider;

  return async function handleVerifiedWebhook(request: Request): Promise<Response> {
    if (request.method !== 'POST')
      return jsonResponse(405, { error: 'method not allowed' }, { allow: 'POST' });
    const read = await readBodyWithLimit(request, maxBodyBytes);
    if (!read.ok) {
      return read.reason === 'too_large'
        ? jsonResponse(413, { error: `payload larger than ${maxBodyBytes} bytes` })
        : jsonResponse(400, { error: 'unreadable body' });
    }
    const verified = await verifier.verify(read.body, request.headers, lifeline.clock.now());
    if (!verified.ok) {
      logger.warn('webhook ingestion: rejected', {
        provider,
        reason: verified.reason,
        detail: verified.detail,
      });
      return jsonResponse(400, { error: ANSWERS[verified.reason] });
    }
    const { id, type, payload } = verified.event;
    const operation = events.get(type);
    if (!operation) {
      logger.debug('webhook ingestion: event type not configured; ignored', { provider, id, type });
      return jsonResponse(200, { received: true, ignored: true });
    }
    const key = ingestionKey(provider, id);
    try {
      const record = await idempotency.get(key);
      if (record?.status === 'completed') {
        logger.debug('webhook ingestion: already completed; not enqueued again', { provider, id, type });
        return jsonResponse(200, { received: true, duplicate: true });
      }
      await lifeline.send(operation, { provider, id, type, payload }, { idempotencyKey: key });
    } catch (error) {
      logger.error('webhook ingestion: could not enqueue; answering 500 so the sender retries', {
        provider,
        id,
        type,
        operation: operation.name,
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
      return jsonResponse(500, { error: 'could not accept the event; retry later' });
    }
    return jsonResponse(200, { received: true });
  };
}

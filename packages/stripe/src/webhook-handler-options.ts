import type { AnyOperation, Lifeline, Logger } from '@lifeline/core';
import { ConfigurationError, ValidationError } from '@lifeline/core';
import { z } from 'zod';
import type { StripeWebhooks } from './verify-event';

/** What the webhook handler needs from a Lifeline: `createLifeline(...)` fits. */
export type WebhookLifeline = Pick<Lifeline, 'send' | 'clock' | 'logger' | 'operations'>;

/** Options of {@link stripeWebhookHandler}. Give `secret` or `secrets` (or both). */
export interface StripeWebhookHandlerOptions {
  /** A Stripe client; only `stripe.webhooks` is used (no network call on the ack path). */
  stripe: StripeWebhooks;
  /** The endpoint's signing secret (`whsec_…`). */
  secret?: string;
  /** Several signing secrets, tried in order: keep the old one here while rotating. */
  secrets?: readonly string[];
  /** Where configured events are sent: `createLifeline(...)`. */
  lifeline: WebhookLifeline;
  /**
   * Which operation runs each event type, e.g. `{ 'checkout.session.completed': checkout.completed }`.
   * Each receives a {@link StripeEventPayload}; build them with `stripeEventOperation` or `fulfilCheckout`.
   * Types not listed are answered 200 and ignored.
   */
  events: Readonly<Record<string, AnyOperation>>;
  /** Oldest signature timestamp accepted, in seconds; default 300 (Stripe's). 0 turns the check off. */
  toleranceSec?: number;
  /** Largest body read; default 1 MiB. Bigger bodies get 413 and are not read to the end. */
  maxBodyBytes?: number;
  /** Default: the lifeline's logger. */
  logger?: Logger;
}

/** @internal The options, checked and completed with defaults. */
export interface ResolvedWebhookOptions {
  stripe: StripeWebhooks;
  secrets: readonly string[];
  lifeline: WebhookLifeline;
  events: ReadonlyMap<string, AnyOperation>;
  toleranceSec: number;
  maxBodyBytes: number;
  logger: Logger;
}

const secretSchema = z.string().trim().min(1, 'must be a non-empty signing secret (whsec_…)');
const optionsSchema = z.object({
  stripe: z.custom<StripeWebhooks>(
    (value) => typeof (value as StripeWebhooks)?.webhooks?.constructEventAsync === 'function',
    'a Stripe client (new Stripe(key))',
  ),
  secret: secretSchema.optional(),
  secrets: z.array(secretSchema).optional(),
  lifeline: z.custom<WebhookLifeline>(
    (value) =>
      typeof (value as WebhookLifeline)?.send === 'function' &&
      (value as WebhookLifeline)?.operations instanceof Map,
    'a Lifeline (createLifeline(...))',
  ),
  events: z.record(
    z.string().min(1),
    z.custom<AnyOperation>(
      (value) => typeof (value as AnyOperation)?.name === 'string',
      'an operation (defineOperation(...))',
    ),
  ),
  toleranceSec: z.number().int().nonnegative().optional(),
  maxBodyBytes: z.number().int().positive().optional(),
  logger: z.custom<Logger>((value) => typeof (value as Logger)?.debug === 'function', 'a logger').optional(),
});

/** @internal Validates handler options; throws a ValidationError or ConfigurationError that says what to change. */
export function resolveWebhookOptions(options: StripeWebhookHandlerOptions): ResolvedWebhookOptions {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) throw ValidationError.fromZod('stripeWebhookHandler options', parsed.error, options);
  const secrets = [...new Set([...(options.secret ? [options.secret] : []), ...(options.secrets ?? [])])];
  if (secrets.length === 0) {
    throw new ConfigurationError(
      'stripeWebhookHandler: give `secret` or `secrets` (the endpoint signing secret, whsec_…)',
    );
  }
  const events = new Map(Object.entries(options.events));
  const unregistered = [...events].filter(([, op]) => !options.lifeline.operations.has(op.name));
  if (unregistered.length > 0) {
    const list = unregistered.map(([type, op]) => `${type} → "${op.name}"`).join(', ');
    throw new ConfigurationError(
      `stripeWebhookHandler: these operations are not registered with the lifeline: ${list}; add them to createLifeline({ operations })`,
    );
  }
  return {
    stripe: options.stripe,
    secrets,
    lifeline: options.lifeline,
    events,
    toleranceSec: options.toleranceSec ?? 300,
    maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
    logger: options.logger ?? options.lifeline.logger,
  };
}

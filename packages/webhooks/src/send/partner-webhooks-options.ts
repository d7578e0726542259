import { ValidationError } from '@lifeline/core';
import { z } from 'zod';
import type { WebhookEndpointStore } from '../endpoints/endpoint-store';
import { addressAllowList } from './address-policy';
import { type CircuitBreakerOptions, circuitBreaker } from './circuit-breaker';
import { type ResolveHost, systemResolve } from './post-webhook';
import { STANDARD_WEBHOOKS_RETRY_SCHEDULE_MS } from './retry-schedule';

/** Options of {@link partnerWebhooks}. Only `endpoints` is required. */
export interface PartnerWebhooksOptions {
  /** Where the partners' endpoints and secrets live. */
  endpoints: WebhookEndpointStore;
  /** Waits after each failed attempt, ms; default {@link STANDARD_WEBHOOKS_RETRY_SCHEDULE_MS} (10 attempts). */
  schedule?: readonly number[];
  /** Time limit of one POST (connect, send, answer), ms; default 15 000 (the spec suggests 15 to 30 s). */
  requestTimeoutMs?: number;
  /**
   * Non-public addresses (IP or CIDR) deliveries may reach anyway, e.g. `['127.0.0.1']` in tests. By
   * default every private, loopback, link-local, multicast and reserved address is refused.
   */
  allowAddresses?: readonly string[];
  /** Resolves host names; default the system resolver (`dns.lookup`, all addresses). */
  resolve?: ResolveHost;
  /** The per-endpoint circuit breaker: 5 failures in a row open it for 60 s by default. */
  circuitBreaker?: CircuitBreakerOptions;
  /**
   * An endpoint failing without a single success for this long (ms), with its circuit open, is disabled
   * and an alert sent; default 5 days. 0 turns auto-disable off.
   */
  disableAfterMs?: number;
  /**
   * The clock of the `webhook-timestamp` header, epoch ms; default `Date.now`, because receivers compare
   * it with their own wall clock. Give the Lifeline's clock when the receiver runs on the same clock.
   */
  now?: () => number;
  /** Operation name prefix; default `webhooks/partner` (`…/publish`, `…/deliver`). */
  name?: string;
  /**
   * Wraps each HTTP request's promise, e.g. to meter or trace it; must resolve or reject as the
   * request does. The request itself (SSRF guard, signing, timeout) is not replaceable.
   */
  observeRequest?: <T>(request: Promise<T>) => Promise<T>;
}

const optionsSchema = z.object({
  endpoints: z.custom<WebhookEndpointStore>(
    (v) =>
      typeof (v as WebhookEndpointStore)?.get === 'function' &&
      typeof (v as WebhookEndpointStore)?.list === 'function',
    'a webhook endpoint store (memoryEndpointStore())',
  ),
  schedule: z.array(z.number().int().nonnegative()).min(1).max(99).optional(),
  requestTimeoutMs: z.number().int().positive().optional(),
  allowAddresses: z.array(z.string().min(1)).optional(),
  resolve: z.custom<ResolveHost>((v) => typeof v === 'function', 'a function').optional(),
  circuitBreaker: z
    .object({
      failureThreshold: z.number().int().min(1).optional(),
      openMs: z.number().int().nonnegative().optional(),
    })
    .optional(),
  disableAfterMs: z.number().int().nonnegative().optional(),
  now: z.custom<() => number>((v) => typeof v === 'function', 'a function').optional(),
  observeRequest: z.custom<() => unknown>((v) => typeof v === 'function', 'a function').optional(),
  name: z
    .string()
    .regex(/^[A-Za-z0-9_./:-]{1,150}$/)
    .optional(),
});

/** The options, checked, with defaults (used by `partnerWebhooks`, not exported from the package). */
export function resolvePartnerOptions(options: PartnerWebhooksOptions) {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) throw ValidationError.fromZod('partnerWebhooks options', parsed.error, options);
  return {
    endpoints: options.endpoints,
    schedule: options.schedule ?? STANDARD_WEBHOOKS_RETRY_SCHEDULE_MS,
    requestTimeoutMs: options.requestTimeoutMs ?? 15_000,
    isAllowed: addressAllowList(options.allowAddresses ?? []),
    resolve: options.resolve ?? systemResolve,
    breaker: circuitBreaker(options.circuitBreaker),
    disableAfterMs: options.disableAfterMs ?? 5 * 86_400_000,
    now: options.now ?? Date.now,
    name: options.name ?? 'webhooks/partner',
    observeRequest: options.observeRequest ?? (<T>(request: Promise<T>) => request),
  };
}

/** The resolved options deliveries run with. */
export type ResolvedPartnerOptions = ReturnType<typeof resolvePartnerOptions>;

import { type OperationContext, PermanentError, RetryAfterError, redactUrl } from '@lifeline/core';
import { parseRetryAfter } from '@lifeline/core/adapter';
import { signingSecrets, type WebhookEndpoint } from '../endpoints/endpoint';
import { WebhookResponseError } from './delivery-errors';
import { type Delivery, deliveryBody } from './delivery-payload';
import type { ResolvedPartnerOptions } from './partner-webhooks-options';
import { postWebhook } from './post-webhook';
import { scheduledDelay } from './retry-schedule';
import { signDelivery as signDeliveryHeaders } from './sign-delivery';

/** Statuses the spec says mean "slow down": the endpoint is paused for the wait, not just this message. */
const THROTTLING = new Set([429, 502, 504]);

/** What a successful delivery attempt resolves with (stored as the operation's result). */
export interface DeliveryResult {
  endpointId: string;
  status: number;
  attempt: number;
}

async function disableWithAlert(
  options: ResolvedPartnerOptions,
  endpoint: WebhookEndpoint,
  reason: string,
  ctx: OperationContext,
): Promise<void> {
  await options.endpoints.disable(endpoint.id, reason, ctx.clock.now());
  try {
    await ctx.alerter.alert({
      severity: 'critical',
      title: 'Partner webhook endpoint disabled',
      message: `Deliveries to ${redactUrl(endpoint.url)} are stopped: ${reason}. Fix the endpoint, enable it, then redrive its dead letters.`,
      fields: { endpoint: endpoint.id, reason },
      dedupeKey: `webhooks:endpoint-disabled:${endpoint.id}`,
    });
  } catch (error) {
    ctx.logger.error('webhooks: the endpoint-disabled alert failed', {
      endpoint: endpoint.id,
      error: String(error),
    });
  }
}

/**
 * One attempt of one delivery. Decides everything a partner's answer means:
 * 2xx succeeds; 410 disables the endpoint (alert) and stops (`PermanentError`); any other failure waits
 * the schedule's next delay (`RetryAfterError`), or longer when the endpoint asked (`Retry-After`) or
 * throttled (429/502/504 pause the endpoint); an endpoint failing for `disableAfterMs` is disabled
 * with an alert. A disabled or deleted endpoint stops the delivery (it can be redriven once enabled).
 */
export async function deliverAttempt(
  options: ResolvedPartnerOptions,
  delivery: Delivery,
  ctx: OperationContext,
): Promise<DeliveryResult> {
  const { endpoints, breaker, schedule } = options;
  const endpoint = await endpoints.get(delivery.endpointId);
  if (!endpoint)
    throw new PermanentError(`webhook endpoint "${delivery.endpointId}" does not exist (deleted?)`);
  if (endpoint.status === 'disabled') {
    throw new PermanentError(
      `webhook endpoint "${endpoint.id}" is disabled (${endpoint.disabledReason ?? 'no reason given'}); enable it, then redrive`,
    );
  }
  const scheduled = scheduledDelay(schedule, ctx.attempt);
  const verdict = breaker.before(endpoint.id, ctx.clock.now());
  if (!verdict.go) {
    // Counted as a failed attempt: the endpoint is known to be failing or asked us to slow down.
    throw new RetryAfterError(
      `webhook endpoint "${endpoint.id}": ${verdict.why === 'circuit_open' ? 'circuit open' : 'throttled'}, not sent; next attempt in ${Math.max(scheduled, verdict.waitMs)} ms`,
      Math.max(scheduled, verdict.waitMs),
    );
  }

  const body = deliveryBody(delivery);
  const headers = signDeliveryHeaders(
    delivery.messageId,
    options.now(),
    body,
    signingSecrets(endpoint, ctx.clock.now()),
  );
  let failure: unknown;
  let retryAfterMs: number | undefined;
  let throttled = false;
  try {
    const response = await options.observeRequest(
      postWebhook({
        url: endpoint.url,
        headers: { ...headers },
        body,
        timeoutMs: options.requestTimeoutMs,
        signal: ctx.signal,
        isAllowed: options.isAllowed,
        resolve: options.resolve,
      }),
    );
    if (response.status >= 200 && response.status <= 299) {
      breaker.success(endpoint.id);
      return { endpointId: endpoint.id, status: response.status, attempt: ctx.attempt };
    }
    if (response.status === 410) {
      await disableWithAlert(options, endpoint, 'the endpoint answered 410 Gone', ctx);
      throw new PermanentError(`webhook endpoint "${endpoint.id}" answered 410 Gone; it is now disabled`);
    }
    retryAfterMs =
      response.retryAfter === undefined ? undefined : parseRetryAfter(response.retryAfter, ctx.clock.now());
    throttled = THROTTLING.has(response.status) || retryAfterMs !== undefined;
    failure = new WebhookResponseError(response.status, retryAfterMs, response.bodySnippet);
  } catch (error) {
    if (error instanceof PermanentError) throw error;
    if ((error as { code?: unknown })?.code === 'LIFELINE_PERMANENT') throw error; // the SSRF guard
    failure = error;
  }

  const now = ctx.clock.now();
  const circuit = breaker.failure(endpoint.id, now);
  const failingFor = now - (circuit.failingSince ?? now);
  if (options.disableAfterMs > 0 && circuit.state === 'open' && failingFor >= options.disableAfterMs) {
    await disableWithAlert(
      options,
      endpoint,
      `failing without a success for ${Math.round(failingFor / 60_000)} min`,
      ctx,
    );
    throw new PermanentError(`webhook endpoint "${endpoint.id}" kept failing and is now disabled`, {
      cause: failure,
    });
  }
  const waitMs = Math.max(
    scheduled,
    retryAfterMs ?? 0,
    circuit.state === 'open' ? (circuit.openUntil ?? now) - now : 0,
  );
  if (throttled) breaker.pause(endpoint.id, now + Math.max(retryAfterMs ?? 0, scheduled));
  const what = failure instanceof Error ? failure.message : String(failure);
  throw new RetryAfterError(
    `POST to webhook endpoint "${endpoint.id}" failed (${what}); next attempt in ${waitMs} ms${throttled ? ' (throttled)' : ''}`,
    waitMs,
    { cause: failure },
  );
}

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Resend } from 'resend';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyError } from './classify-error';

const E = Stripe.errors;

describe('classifyError: Stripe SDK error instances', () => {
  it.each([
    ['StripeRateLimitError', new E.StripeRateLimitError({ statusCode: 429, code: 'rate_limit' }), true],
    ['StripeConnectionError', new E.StripeConnectionError({ message: 'socket hang up' }), true],
    ['StripeAPIError 500', new E.StripeAPIError({ statusCode: 500 }), true],
    ['StripeAPIError without status (bad JSON)', new E.StripeAPIError({ message: 'Invalid JSON' }), true],
    [
      'StripeAPIError 409 lock_timeout',
      new E.StripeAPIError({ statusCode: 409, code: 'lock_timeout' }),
      true,
    ],
    ['StripeCardError', new E.StripeCardError({ statusCode: 402, code: 'card_declined' }), false],
    [
      'StripeInvalidRequestError',
      new E.StripeInvalidRequestError({ statusCode: 400, code: 'parameter_missing' }),
      false,
    ],
    ['StripeAuthenticationError', new E.StripeAuthenticationError({ statusCode: 401 }), false],
    ['StripePermissionError', new E.StripePermissionError({ statusCode: 403 }), false],
    [
      'StripeIdempotencyError',
      new E.StripeIdempotencyError({ statusCode: 400, type: 'idempotency_error' }),
      false,
    ],
  ])('%s → retryable %s', (_name, error, retryable) => {
    expect(classifyError(error).retryable).toBe(retryable);
  });

  it('names the Stripe error and its code in the reason', () => {
    const error = new E.StripeCardError({ statusCode: 402, code: 'card_declined' });
    expect(classifyError(error)).toEqual({
      retryable: false,
      reason: 'Stripe card error (card_declined)',
      status: 402,
    });
    expect(classifyError(new E.StripeConnectionError({})).reason).toBe('Stripe connection error');
  });

  it('honours Stripe-Should-Retry both ways, and Retry-After', () => {
    const no = new E.StripeAPIError({ statusCode: 500, headers: { 'stripe-should-retry': 'false' } });
    expect(classifyError(no).retryable).toBe(false);
    const yes = new E.StripeInvalidRequestError({
      statusCode: 400,
      headers: { 'stripe-should-retry': 'true' },
    });
    expect(classifyError(yes).retryable).toBe(true);
    const limited = new E.StripeRateLimitError({ statusCode: 429, headers: { 'retry-after': '2' } });
    expect(classifyError(limited)).toMatchObject({ retryAfterMs: 2000 });
  });
});

describe('classifyError: Resend error objects', () => {
  const resendError = (name: string, statusCode: number | null) => ({
    name,
    message: `${name} happened`,
    statusCode,
  });

  it.each([
    ['validation_error', 422, false],
    ['validation_error', 400, false],
    ['missing_required_field', 422, false],
    ['invalid_from_address', 422, false],
    ['missing_api_key', 401, false],
    ['invalid_api_key', 403, false],
    ['restricted_api_key', 401, false],
    ['not_found', 404, false],
    ['invalid_idempotent_request', 409, false],
    ['daily_quota_exceeded', 429, false],
    ['monthly_quota_exceeded', 429, false],
    ['rate_limit_exceeded', 429, true],
    ['concurrent_idempotent_requests', 409, true],
    ['internal_server_error', 500, true],
    ['application_error', 500, true],
    ['application_error', null, true],
    ['some_future_error', 400, false],
    ['some_future_error', 503, true],
  ] as const)('%s (HTTP %s) → retryable %s', (name, status, retryable) => {
    const result = classifyError(resendError(name, status));
    expect(result.retryable).toBe(retryable);
    expect(result.status).toBe(status ?? undefined);
    expect(result.reason).toContain(`Resend ${name}`);
  });

  it('reads Retry-After from a whole `{ data: null, error, headers }` response', () => {
    const response = {
      data: null,
      error: resendError('rate_limit_exceeded', 429),
      headers: { 'retry-after': '9' },
    };
    expect(classifyError(response)).toMatchObject({ retryable: true, status: 429, retryAfterMs: 9000 });
  });
});

/** A stand-in for api.stripe.com and api.resend.com on 127.0.0.1, answering per path. */
function standIn(): Promise<{ server: Server; base: string }> {
  const server = createServer((req, res) => {
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    req.resume();
    const url = req.url ?? '';
    if (url.startsWith('/v1/customers/cus_limited')) {
      send(
        429,
        { error: { type: 'invalid_request_error', code: 'rate_limit', message: 'Too many' } },
        { 'retry-after': '7' },
      );
    } else if (url.startsWith('/v1/customers/cus_missing')) {
      send(404, {
        error: { type: 'invalid_request_error', code: 'resource_missing', message: 'No such customer' },
      });
    } else if (url.startsWith('/v1/payment_intents')) {
      send(402, { error: { type: 'card_error', code: 'card_declined', message: 'Your card was declined.' } });
    } else if (url.startsWith('/v1/customers/cus_broken')) {
      send(500, { error: { type: 'api_error', message: 'boom' } }, { 'stripe-should-retry': 'false' });
    } else if (url === '/limited/emails') {
      send(
        429,
        { statusCode: 429, name: 'rate_limit_exceeded', message: 'Too many requests' },
        { 'retry-after': '5' },
      );
    } else if (url === '/invalid/emails') {
      send(422, { statusCode: 422, name: 'validation_error', message: 'Invalid `to` field' });
    } else {
      send(500, { error: { type: 'api_error', message: `unexpected ${req.method} ${url}` } });
    }
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, base: `http://127.0.0.1:${port}` });
    }),
  );
}

/** A port that refuses connections: bound once, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('classifyError on real SDK failures from a stand-in server', () => {
  let server: Server;
  let base: string;
  let port: number;
  beforeAll(async () => {
    ({ server, base } = await standIn());
    port = Number(new URL(base).port);
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const stripeAt = (p: number) =>
    new Stripe('sk_test_standin', { host: '127.0.0.1', port: p, protocol: 'http', maxNetworkRetries: 0 });
  const caught = (promise: Promise<unknown>) =>
    promise.then(
      () => expect.unreachable('should have thrown'),
      (e) => e,
    );

  it('Stripe: 429 with Retry-After, 404, 402 card error, should-retry false, refused connection', async () => {
    const stripe = stripeAt(port);
    const limited = classifyError(await caught(stripe.customers.retrieve('cus_limited')));
    expect(limited).toMatchObject({ retryable: true, status: 429, retryAfterMs: 7000 });
    expect(classifyError(await caught(stripe.customers.retrieve('cus_missing')))).toEqual({
      retryable: false,
      reason: 'Stripe invalid request error (resource_missing)',
      status: 404,
    });
    const card = await caught(stripe.paymentIntents.create({ amount: 100, currency: 'usd', confirm: true }));
    expect(classifyError(card).reason).toBe('Stripe card error (card_declined)');
    expect(classifyError(await caught(stripe.customers.retrieve('cus_broken'))).retryable).toBe(false);
    const refused = await caught(stripeAt(await closedPort()).customers.retrieve('cus_x'));
    expect(classifyError(refused)).toEqual({ retryable: true, reason: 'Stripe connection error' });
  });

  it('Resend: 429 with Retry-After, 422 validation error, refused connection', async () => {
    const email = { from: 'a@example.com', to: 'b@example.com', subject: 'hi', text: 'hi' };
    const limited = await new Resend('re_standin', { baseUrl: `${base}/limited` }).emails.send(email);
    expect(classifyError(limited)).toMatchObject({ retryable: true, status: 429, retryAfterMs: 5000 });
    expect(classifyError(limited.error)).toMatchObject({ retryable: true, status: 429 });
    const invalid = await new Resend('re_standin', { baseUrl: `${base}/invalid` }).emails.send(email);
    expect(classifyError(invalid.error)).toEqual({
      retryable: false,
      reason: 'Resend validation_error (HTTP 422)',
      status: 422,
    });
    const refused = await new Resend('re_standin', {
      baseUrl: `http://127.0.0.1:${await closedPort()}`,
    }).emails.send(email);
    expect(refused.error).toMatchObject({ name: 'application_error', statusCode: null });
    expect(classifyError(refused.error)).toEqual({
      retryable: true,
      reason: 'Resend application_error (no HTTP response)',
    });
  });

  it('fetch: a refused connection is a network error with its code', async () => {
    const error = await caught(fetch(`http://127.0.0.1:${await closedPort()}/`));
    expect(classifyError(error)).toEqual({ retryable: true, reason: 'network error ECONNREFUSED' });
  });
});

import {
  classifyError,
  isPermanentError,
  isRetryAfterError,
  isValidationError,
  type Mailer,
  PermanentError,
  TimeoutError,
} from '@lifeline/core';
import { Resend } from 'resend';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ResendRateLimitedError,
  ResendRejectedError,
  ResendUnavailableError,
  resendMailer,
} from '../src/index';
import { type ResendStandIn, refusedUrl, resendError, startResendStandIn } from './resend-stand-in';

let api: ResendStandIn;
let mailer: Mailer;
const message = { to: 'jane@example.com', subject: 'Your receipt', html: '<p>Thanks</p>', text: 'Thanks' };
const key = { idempotencyKey: 'receipt:pur_123' };

beforeAll(async () => {
  api = await startResendStandIn();
});
afterAll(() => api.close());
beforeEach(() => {
  api.reset();
  mailer = resendMailer({
    client: new Resend('re_test_key', { baseUrl: api.url }),
    from: 'Shop <orders@example.com>',
    replyTo: 'support@example.com',
    tags: { app: 'checkout' },
  });
});

async function failure(promise: Promise<unknown>): Promise<any> {
  return promise.then(
    () => expect.fail('expected the send to fail'),
    (error: unknown) => error,
  );
}

describe('resendMailer against a stand-in for the Resend API', () => {
  it('POSTs /emails with the JSON body, the API key and the idempotency key', async () => {
    const sent = await mailer.send(
      { ...message, tags: { kind: 'receipt' } },
      { idempotencyKey: 'receipt:shape' },
    );

    expect(sent).toEqual({ id: expect.stringMatching(/^email_\d+$/) });
    expect(api.requests).toHaveLength(1);
    const [request] = api.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/emails');
    expect(request?.headers.authorization).toBe('Bearer re_test_key');
    expect(request?.headers['idempotency-key']).toBe('receipt:shape');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request?.body ?? '')).toEqual({
      from: 'Shop <orders@example.com>',
      to: 'jane@example.com',
      subject: 'Your receipt',
      html: '<p>Thanks</p>',
      text: 'Thanks',
      reply_to: 'support@example.com',
      tags: [
        { name: 'app', value: 'checkout' },
        { name: 'kind', value: 'receipt' },
      ],
    });
  });

  it("lets a message's from and replyTo override the defaults", async () => {
    await mailer.send(
      { ...message, from: 'billing@example.com', replyTo: ['a@example.com', 'b@example.com'] },
      key,
    );
    const body = JSON.parse(api.requests[0]?.body ?? '');
    expect(body.from).toBe('billing@example.com');
    expect(body.reply_to).toEqual(['a@example.com', 'b@example.com']);
  });

  it('sends the same idempotency key on every retry of one operation', async () => {
    api.respond = resendError(500, 'internal_server_error', 'Something went wrong');
    await failure(mailer.send(message, key));
    api.respond = api.acceptEmails;
    await mailer.send(message, key);
    expect(api.requests.map((r) => r.headers['idempotency-key'])).toEqual([
      'receipt:pur_123',
      'receipt:pur_123',
    ]);
  });

  it.each([
    [422, 'validation_error', 'Invalid `to` field.'],
    [422, 'missing_required_field', 'Missing `subject` field.'],
    [422, 'invalid_from_address', 'Invalid `from` field.'],
    [401, 'missing_api_key', 'Missing API key in the authorization header.'],
    [401, 'restricted_api_key', 'This API key is restricted to only send emails.'],
    [403, 'invalid_api_key', 'API key is invalid.'],
    [409, 'invalid_idempotent_request', 'Same idempotency key used with a different request payload.'],
    [429, 'daily_quota_exceeded', 'You have reached your daily email sending quota.'],
    [429, 'monthly_quota_exceeded', 'You have reached your monthly email sending quota.'],
  ])('a %i %s is permanent, with the status and the raw error kept', async (status, name, said) => {
    api.respond = resendError(status, name, said);
    const error = await failure(mailer.send(message, key));

    expect(error).toBeInstanceOf(ResendRejectedError);
    expect(isPermanentError(error)).toBe(true);
    expect(error.status).toBe(status);
    expect(error.resendCode).toBe(name);
    expect(error.cause).toEqual({ statusCode: status, name, message: said });
    expect(error.message).toContain('Resend rejected the email:');
    expect(error.message).toContain(said);
    expect(error.message).toContain(`(${name}, ${status})`);
    expect(classifyError(error)).toMatchObject({ retryable: false });
  });

  it('explains a 403 validation_error as an unverified domain in words an admin understands', async () => {
    api.respond = resendError(403, 'validation_error', 'The example.com domain is not verified.');
    const error = await failure(mailer.send(message, key));
    expect(error).toBeInstanceOf(PermanentError);
    expect(error.message).toMatch(/^Resend rejected the email: the from domain is not verified/);
    expect(error.message).toContain('(validation_error, 403)');
  });

  it('a 429 rate_limit_exceeded waits as Retry-After says', async () => {
    api.respond = resendError(429, 'rate_limit_exceeded', 'Too many requests.', { 'retry-after': '3' });
    const error = await failure(mailer.send(message, key));
    expect(error).toBeInstanceOf(ResendRateLimitedError);
    expect(isRetryAfterError(error)).toBe(true);
    expect(error.retryAfterMs).toBe(3_000);
    expect(error.status).toBe(429);
    expect(classifyError(error)).toMatchObject({ retryable: true, retryAfterMs: 3_000 });
  });

  it('a 429 without Retry-After waits one second', async () => {
    api.respond = resendError(429, 'rate_limit_exceeded', 'Too many requests.');
    const error = await failure(mailer.send(message, key));
    expect(error.retryAfterMs).toBe(1_000);
  });

  it('a 409 concurrent_idempotent_requests is retried after a short wait', async () => {
    api.respond = resendError(409, 'concurrent_idempotent_requests', 'Request already in progress.');
    const error = await failure(mailer.send(message, key));
    expect(isRetryAfterError(error)).toBe(true);
    expect(error.status).toBe(409);
  });

  it.each([
    [500, 'internal_server_error'],
    [500, 'application_error'],
    [503, 'some_new_error'],
  ])('a %i %s is retryable with the status kept', async (status, name) => {
    api.respond = resendError(status, name, 'Unexpected error.');
    const error = await failure(mailer.send(message, key));
    expect(error).toBeInstanceOf(ResendUnavailableError);
    expect(isPermanentError(error) || isRetryAfterError(error)).toBe(false);
    expect(error.status).toBe(status);
    expect(classifyError(error)).toMatchObject({ retryable: true, status });
  });

  it('a non-JSON 502 from a proxy is retryable with status 502', async () => {
    api.respond = (_request, response) => {
      response.writeHead(502, { 'content-type': 'text/html' });
      response.end('<html><body>Bad gateway</body></html>');
    };
    const error = await failure(mailer.send(message, key));
    expect(error).toBeInstanceOf(ResendUnavailableError);
    expect(error.status).toBe(502);
  });

  it('a non-JSON 400 is permanent (judged by status)', async () => {
    api.respond = (_request, response) => {
      response.writeHead(400, { 'content-type': 'text/plain' });
      response.end('bad request');
    };
    const error = await failure(mailer.send(message, key));
    expect(error).toBeInstanceOf(ResendRejectedError);
    expect(error.status).toBe(400);
  });

  it('a 200 with a malformed body is retryable (the idempotency key makes the retry safe)', async () => {
    api.respond = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"id": "email_');
    };
    const error = await failure(mailer.send(message, key));
    expect(error).toBeInstanceOf(ResendUnavailableError);
    expect(error.status).toBeUndefined();
  });

  it('a refused connection is retryable, without a status', async () => {
    const offline = resendMailer({
      client: new Resend('re_test_key', { baseUrl: await refusedUrl() }),
      from: 'a@example.com',
    });
    const error = await failure(offline.send(message, key));
    expect(error).toBeInstanceOf(ResendUnavailableError);
    expect(error.status).toBeUndefined();
    expect(error.message).toContain('Could not reach Resend');
    expect(classifyError(error).retryable).toBe(true);
  });

  it("aborts a hung request on the attempt's signal, closing the connection", async () => {
    api.respond = () => {}; // never answers
    const controller = new AbortController();
    const sending = failure(mailer.send(message, { ...key, signal: controller.signal }));
    const request = await api.nextRequest();
    const timeout = new TimeoutError(5_000);
    controller.abort(timeout);

    expect(await sending).toBe(timeout);
    await request.closed; // the SDK passed the signal to fetch: the socket is really gone
  });

  it('does not call Resend when the signal is already aborted', async () => {
    const error = await failure(
      mailer.send(message, { ...key, signal: AbortSignal.abort(new Error('shutdown')) }),
    );
    expect(error.message).toBe('shutdown');
    expect(api.requests).toHaveLength(0);
  });
});

describe('resendMailer input validation', () => {
  it('rejects invalid options with a message naming the field', () => {
    expect(() => resendMailer({ client: {} as never, from: 'nope' })).toThrow(
      /client: expected a Resend client/,
    );
    expect(() => resendMailer({ client: new Resend('re_x', { baseUrl: api.url }), from: 'nope' })).toThrow(
      /from: expected an email address.*received "nope"/,
    );
    expect(() =>
      resendMailer({
        client: new Resend('re_x', { baseUrl: api.url }),
        from: 'a@example.com',
        tags: { 'bad tag': 'x' },
      }),
    ).toThrow(/tags/);
  });

  it('rejects an invalid message or key before calling Resend', async () => {
    const noBody = await failure(mailer.send({ to: 'jane@example.com', subject: 'Hi' }, key));
    expect(isValidationError(noBody)).toBe(true);
    expect(noBody.message).toContain('an email needs html or text');

    const badTo = await failure(mailer.send({ ...message, to: 'not-an-address' }, key));
    expect(badTo.message).toMatch(/to: .*received "not-an-address"/);

    const longKey = await failure(mailer.send(message, { idempotencyKey: 'k'.repeat(257) }));
    expect(longKey.message).toContain('at most 256 characters');
    expect(api.requests).toHaveLength(0);
  });
});

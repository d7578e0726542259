import { classifyError, isPermanentError, isRetryAfterError, isValidationError } from '@lifeline/core';
import twilio from 'twilio';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  TwilioRateLimitedError,
  TwilioRejectedError,
  TwilioUnavailableError,
  twilioHttpClient,
  twilioSmsSender,
} from '../src/index';
import { refusedUrl, startTwilioStandIn, type TwilioStandIn, twilioError } from './twilio-stand-in';

const SID = 'AC00000000000000000000000000000001';
const text = { to: '+14155550100', body: 'Your download is ready' };
let api: TwilioStandIn;

const senderAt = (url: string, timeoutMs?: number) =>
  twilioSmsSender({
    client: twilio(SID, 'test_auth_token', { httpClient: twilioHttpClient({ baseUrl: url, timeoutMs }) }),
    from: '+14155550199',
  });

async function failure(promise: Promise<unknown>): Promise<any> {
  return promise.then(
    () => expect.fail('expected the send to fail'),
    (error: unknown) => error,
  );
}

beforeAll(async () => {
  api = await startTwilioStandIn();
});
afterAll(() => api.close());
beforeEach(() => api.reset());

describe('twilioSmsSender against a stand-in for the Twilio Messages API', () => {
  it('POSTs the form to /2010-04-01/Accounts/{sid}/Messages.json with Basic auth and returns the SID', async () => {
    const sent = await senderAt(api.url).send(text, { idempotencyKey: 'k:shape' });
    expect(sent.id).toMatch(/^SM[0-9a-f]{32}$/);
    const [request] = api.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe(`/2010-04-01/Accounts/${SID}/Messages.json`);
    expect(request?.headers.authorization).toBe(
      `Basic ${Buffer.from(`${SID}:test_auth_token`).toString('base64')}`,
    );
    expect(Object.fromEntries(request?.form ?? [])).toEqual({
      To: '+14155550100',
      From: '+14155550199',
      Body: 'Your download is ready',
    });
  });

  it('sends through a Messaging Service when given one', async () => {
    const client = twilio(SID, 'tok', { httpClient: twilioHttpClient({ baseUrl: api.url }) });
    const mg = `MG${'a'.repeat(32)}`;
    await twilioSmsSender({ client, messagingServiceSid: mg }).send(text, { idempotencyKey: 'k:mg' });
    expect(api.requests[0]?.form.get('MessagingServiceSid')).toBe(mg);
    expect(api.requests[0]?.form.has('From')).toBe(false);
  });

  it.each([
    [21211, "The 'To' number +14155550100 is not a valid phone number.", /not a valid phone number/],
    [21610, 'Attempt to send to unsubscribed recipient', /unsubscribed \(replied STOP\)/],
  ])('code %i (HTTP 400) is a permanent TwilioRejectedError', async (code, message, explain) => {
    api.respond = twilioError(400, code, message);
    const error = await failure(senderAt(api.url).send(text, { idempotencyKey: `k:${code}` }));
    expect(error).toBeInstanceOf(TwilioRejectedError);
    expect(isPermanentError(error)).toBe(true);
    expect(error).toMatchObject({ status: 400, twilioCode: code });
    expect(error.message).toMatch(explain);
    expect(error.message).not.toContain('4155550100');
    expect(classifyError(error).retryable).toBe(false);
  });

  it('20429 (HTTP 429) with Retry-After is rate limited for that long', async () => {
    api.respond = twilioError(429, 20429, 'Too Many Requests', { 'retry-after': '7' });
    const error = await failure(senderAt(api.url).send(text, { idempotencyKey: 'k:429' }));
    expect(error).toBeInstanceOf(TwilioRateLimitedError);
    expect(isRetryAfterError(error)).toBe(true);
    expect(error.retryAfterMs).toBe(7_000);
    expect(classifyError(error)).toMatchObject({ retryable: true, retryAfterMs: 7_000 });
  });

  it('HTTP 429 without Retry-After waits the default 1 s', async () => {
    api.respond = twilioError(429, 20429, 'Too Many Requests');
    const error = await failure(senderAt(api.url).send(text, { idempotencyKey: 'k:429b' }));
    expect(error.retryAfterMs).toBe(1_000);
  });

  it.each([500, 503])('HTTP %i is a retryable TwilioUnavailableError', async (status) => {
    api.respond = twilioError(status, 20500, 'Internal Server Error');
    const error = await failure(senderAt(api.url).send(text, { idempotencyKey: `k:${status}` }));
    expect(error).toBeInstanceOf(TwilioUnavailableError);
    expect(error.status).toBe(status);
    expect(classifyError(error).retryable).toBe(true);
  });

  it('a hung request times out (the SDK timeout) as a retryable TwilioUnavailableError', async () => {
    api.respond = () => {};
    const error = await failure(senderAt(api.url, 200).send(text, { idempotencyKey: 'k:hang' }));
    expect(error).toBeInstanceOf(TwilioUnavailableError);
    expect(error.message).toContain('timed out');
    expect(classifyError(error).retryable).toBe(true);
  });

  it("the attempt's signal aborts the HTTP request and rejects with the signal's reason", async () => {
    api.respond = () => {};
    const controller = new AbortController();
    const sending = failure(
      senderAt(api.url).send(text, { idempotencyKey: 'k:abort', signal: controller.signal }),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const reason = new Error('attempt timed out');
    controller.abort(reason);
    expect(await sending).toBe(reason);
    await api.requests[0]?.closed; // the socket was closed, not left hanging
  });

  it('a refused connection is a retryable TwilioUnavailableError', async () => {
    const error = await failure(senderAt(await refusedUrl()).send(text, { idempotencyKey: 'k:refused' }));
    expect(error).toBeInstanceOf(TwilioUnavailableError);
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('after an unanswered send Twilio accepted, a retry with the key finds it and sends nothing more', async () => {
    const sms = senderAt(api.url, 200);
    api.respond = api.acceptSilently;
    await failure(sms.send(text, { idempotencyKey: 'k:lost-answer' }));
    api.respond = api.accept;
    const retried = await sms.send(text, { idempotencyKey: 'k:lost-answer' });
    const delivered = await api.delivered();
    expect(delivered).toHaveLength(1);
    expect(api.requests.map((r) => r.method)).toEqual(['POST', 'GET']);
    expect(api.requests[1]?.query.get('To')).toBe('+14155550100');
    expect(retried.id).toMatch(/^SM/);
    // and once found, the key is answered from memory
    expect(await sms.send(text, { idempotencyKey: 'k:lost-answer' })).toEqual(retried);
    expect(api.requests).toHaveLength(2);
  });

  it('after a 503 (nothing created) the retry looks, finds nothing, and sends once', async () => {
    const sms = senderAt(api.url);
    api.respond = twilioError(503, 20503, 'Service Unavailable');
    await failure(sms.send(text, { idempotencyKey: 'k:503' }));
    api.respond = api.accept;
    await sms.send(text, { idempotencyKey: 'k:503' });
    expect(api.requests.map((r) => r.method)).toEqual(['POST', 'GET', 'POST']);
    expect(await api.delivered()).toHaveLength(1);
  });

  it('when the check itself fails, the retry fails (retryable) instead of risking a second text', async () => {
    const sms = senderAt(api.url);
    api.respond = twilioError(502, 20500, 'Bad Gateway');
    await failure(sms.send(text, { idempotencyKey: 'k:check' }));
    api.respond = api.accept;
    api.respondToList = twilioError(500, 20500, 'Internal Server Error');
    const error = await failure(sms.send(text, { idempotencyKey: 'k:check' }));
    expect(error).toBeInstanceOf(TwilioUnavailableError);
    expect(error.message).toContain('could not be asked');
    expect(api.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('rejects bad options and messages with a ValidationError, before any request', async () => {
    const client = twilio(SID, 'tok', { httpClient: twilioHttpClient({ baseUrl: api.url }) });
    expect(() => twilioSmsSender({ client })).toThrow(/give `from`/);
    const error = await failure(
      senderAt(api.url).send({ ...text, to: '0044 20 7946 0000' }, { idempotencyKey: 'k' }),
    );
    expect(isValidationError(error)).toBe(true);
    expect(error.message).toContain('E.164');
    expect(() => twilioHttpClient({ baseUrl: 'not a url' })).toThrow(/absolute URL/);
    expect(api.requests).toHaveLength(0);
  });
});

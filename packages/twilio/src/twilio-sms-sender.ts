import {
  PermanentError,
  type SendSmsOptions,
  type SentSms,
  type SmsMessage,
  type SmsSender,
} from '@lifeline/core';
import {
  parseOrThrow,
  sendSmsOptionsSchema,
  smsMessageSchema,
  stableStringify,
} from '@lifeline/core/adapter';
import type twilio from 'twilio';
import { classifyTwilioError } from './classify-twilio-error';
import { TwilioRateLimitedError, TwilioRejectedError, TwilioUnavailableError } from './errors';
import { type RequestScope, requestScope } from './http-client';
import { twilioSmsSenderOptionsSchema } from './schemas';
import { sendLedger } from './send-ledger';

/** The part of the Twilio SDK the sender uses: `twilio(accountSid, authToken, { httpClient })` fits. */
export type TwilioClient = Pick<twilio.Twilio, 'messages'>;

/** Options of {@link twilioSmsSender}. */
export interface TwilioSmsSenderOptions {
  /** A Twilio client, ideally made with `httpClient: twilioHttpClient()` (abort and `Retry-After`). */
  client: TwilioClient;
  /** Default sender: a Twilio number in E.164 or an alphanumeric sender id. A message's own `from` wins. */
  from?: string;
  /** Sends through a Messaging Service instead of (or besides) `from`. */
  messagingServiceSid?: string;
  /** How long this process remembers a key's outcome; default 24 hours. */
  rememberMs?: number;
  /** Slack allowed between this machine's clock and Twilio's when matching `date_created`; default 30 s. */
  clockSkewMs?: number;
}

const DAY_MS = 86_400_000;
const MAX_REMEMBERED = 100_000;
/** How many of the recipient's newest messages a reconciliation reads (one page). */
const LOOKUP_PAGE_SIZE = 50;

const abortReason = (signal: AbortSignal): unknown =>
  signal.reason ?? new DOMException('The operation was aborted', 'AbortError');

/**
 * An {@link SmsSender} on Twilio's Messages API (`twilio` 6). Sends `{ to, body, from | messagingServiceSid }`,
 * passes the attempt's `signal` down to the HTTP request (with `twilioHttpClient`), and throws a classified
 * error: `TwilioRejectedError` (permanent: 21211 invalid number, 21610 unsubscribed, other 4xx),
 * `TwilioRateLimitedError` (429/20429, waits `Retry-After`) or `TwilioUnavailableError` (5xx, timeouts,
 * network errors).
 *
 * Idempotency, honestly: Twilio's Messages API takes no idempotency key. What this sender guarantees:
 * - In this process, a key whose text Twilio accepted returns the same SID without a request (for
 *   `rememberMs`), concurrent sends with one key make one request, and the same key with another text is a
 *   `PermanentError`.
 * - After an unknown outcome (timeout, network error, 5xx: Twilio may have accepted the text), the next
 *   send with that key first reads the recipient's newest messages and, if one with the same body (and
 *   sender) was created since the first try, returns its SID instead of sending again. If that lookup
 *   fails, the send fails (retryable) rather than risk a duplicate.
 * - Across processes and restarts this memory is gone: there, Lifeline's idempotency store keeps a
 *   completed operation from running again, but a process that dies while Twilio is answering can still
 *   lead to a second text when the operation is retried elsewhere.
 *
 * @example
 * ```ts
 * import twilio from 'twilio';
 * const client = twilio(process.env.TWILIO_ACCOUNT_SID, process.env.TWILIO_AUTH_TOKEN, { httpClient: twilioHttpClient() });
 * const sms = twilioSmsSender({ client, from: '+14155550199' });
 * await sms.send({ to: '+14155550100', body: 'Your download is ready' }, { idempotencyKey: 'sms-receipt:pur_1' });
 * ```
 */
export function twilioSmsSender(options: TwilioSmsSenderOptions): SmsSender {
  const config = parseOrThrow(twilioSmsSenderOptionsSchema, 'twilioSmsSender options', options);
  const client = options.client;
  const clockSkewMs = config.clockSkewMs ?? 30_000;
  const ledger = sendLedger(config.rememberMs ?? DAY_MS, MAX_REMEMBERED);
  const inFlight = new Map<string, Promise<SentSms>>();

  /** Runs `call` with the send's signal reaching the HTTP client; classifies whatever it throws. */
  async function callTwilio<T>(call: () => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
    const scope: RequestScope = signal ? { signal } : {};
    try {
      return await requestScope.run(scope, () => raceAbort(call(), signal));
    } catch (error) {
      if (signal?.aborted) throw abortReason(signal);
      throw classifyTwilioError(error, scope.response);
    }
  }

  /** The SID of a text Twilio already accepted for this key's earlier, unanswered try, if any. */
  async function findEarlier(
    message: SmsMessage,
    from: string | undefined,
    since: number,
    signal?: AbortSignal,
  ) {
    const page = await callTwilio(
      () => client.messages.page({ to: message.to, ...(from && { from }), pageSize: LOOKUP_PAGE_SIZE }),
      signal,
    ).catch((error: unknown) => {
      if (signal?.aborted) throw error;
      throw new TwilioUnavailableError(
        'An earlier try of this text may have reached Twilio, and Twilio could not be asked whether it did; not sending again until it can be checked',
        { status: undefined, twilioCode: undefined, cause: error },
      );
    });
    const match = page.instances.find(
      (m) =>
        m.to === message.to &&
        m.body === message.body &&
        (!from || m.from === from) &&
        (from || m.messagingServiceSid === config.messagingServiceSid) &&
        m.dateCreated instanceof Date &&
        m.dateCreated.getTime() >= since - clockSkewMs,
    );
    return match?.sid;
  }

  async function sendOnce(
    message: SmsMessage,
    key: string,
    fp: string,
    signal?: AbortSignal,
  ): Promise<SentSms> {
    const from = message.from ?? config.from;
    const earlier = ledger.get(key);
    if (earlier?.state === 'unknown') {
      const sid = await findEarlier(message, from, earlier.since, signal);
      if (sid) {
        ledger.set(key, { state: 'sent', id: sid, fingerprint: fp, at: Date.now() });
        return { id: sid };
      }
    }
    const since = earlier?.state === 'unknown' ? earlier.since : Date.now();
    try {
      const created = await callTwilio(
        () =>
          client.messages.create({
            to: message.to,
            body: message.body,
            ...(from && { from }),
            ...(config.messagingServiceSid && { messagingServiceSid: config.messagingServiceSid }),
          }),
        signal,
      );
      if (typeof created.sid !== 'string' || created.sid === '') {
        throw new TwilioUnavailableError('Twilio answered without a message SID', {
          status: undefined,
          twilioCode: undefined,
          cause: created,
        });
      }
      ledger.set(key, { state: 'sent', id: created.sid, fingerprint: fp, at: Date.now() });
      return { id: created.sid };
    } catch (error) {
      // A rejection or a rate limit (4xx) created nothing; anything else may have: check before resending.
      if (!(error instanceof TwilioRejectedError) && !(error instanceof TwilioRateLimitedError)) {
        ledger.set(key, { state: 'unknown', fingerprint: fp, since, at: Date.now() });
      }
      throw error;
    }
  }

  return {
    async send(message: SmsMessage, sendOptions: SendSmsOptions): Promise<SentSms> {
      const sms = parseOrThrow(smsMessageSchema, 'SMS message', message);
      const { idempotencyKey: key, signal } = parseOrThrow(
        sendSmsOptionsSchema,
        'SMS send options',
        sendOptions,
      );
      if (signal?.aborted) throw abortReason(signal);
      const fp = stableStringify({ to: sms.to, body: sms.body, from: sms.from ?? config.from });
      const running = inFlight.get(key);
      if (running) {
        await running.catch(() => undefined);
        return this.send(message, sendOptions);
      }
      const known = ledger.get(key);
      if (known && known.fingerprint !== fp) {
        throw new PermanentError(
          `twilioSmsSender: idempotency key "${key}" was already used for a different text; use a new key for a different message`,
        );
      }
      if (known?.state === 'sent') return { id: known.id };
      const attempt = sendOnce(sms, key, fp, signal);
      inFlight.set(key, attempt);
      try {
        return await attempt;
      } finally {
        inFlight.delete(key);
      }
    },
  };
}

/** Settles with `promise`, or rejects with the signal's reason as soon as it aborts. */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/**
 * `@lifeline/twilio`: a Lifeline `SmsSender` on Twilio's Messages API.
 *
 * Sends texts with the attempt's abort signal, keeps one idempotency key to one text as far as Twilio's API
 * allows (Twilio has no idempotency key: see `twilioSmsSender` for what is guaranteed), and turns every
 * Twilio error into a Lifeline error that says whether to retry: 21211 (invalid number) and 21610
 * (unsubscribed) dead-letter at once, 429/20429 wait as told, 5xx, timeouts and network errors back off.
 *
 * ```sh
 * npm install @lifeline/core @lifeline/twilio twilio
 * ```
 *
 * ```ts
 * import twilio from 'twilio';
 * import { twilioHttpClient, twilioSmsSender } from '@lifeline/twilio';
 *
 * const client = twilio(process.env.TWILIO_ACCOUNT_SID, process.env.TWILIO_AUTH_TOKEN, {
 *   httpClient: twilioHttpClient({ timeoutMs: 10_000 }),
 * });
 * const sms = twilioSmsSender({ client, from: '+14155550199' });
 * await sms.send({ to: '+14155550100', body: 'Your download is ready' }, { idempotencyKey: 'sms-receipt:pur_1' });
 * ```
 *
 * @module
 */
export { classifyTwilioError, DEFAULT_TWILIO_RETRY_AFTER_MS } from './classify-twilio-error';
export {
  type TwilioErrorOptions,
  type TwilioFailure,
  TwilioRateLimitedError,
  TwilioRejectedError,
  TwilioUnavailableError,
} from './errors';
export { type TwilioHttpClientOptions, twilioHttpClient } from './http-client';
export { type TwilioClient, type TwilioSmsSenderOptions, twilioSmsSender } from './twilio-sms-sender';

import { parseRetryAfter } from '@lifeline/core/adapter';
import { TwilioRateLimitedError, TwilioRejectedError, TwilioUnavailableError } from './errors';

/** Used when Twilio rate-limits without a `Retry-After`. */
export const DEFAULT_TWILIO_RETRY_AFTER_MS = 1_000;

/** Twilio error codes with a known verdict, in words an admin understands. */
const KNOWN: Record<number, { verdict: 'permanent' | 'rate-limited'; explain: string }> = {
  20003: { verdict: 'permanent', explain: 'authentication failed: check the Account SID and Auth Token' },
  20404: { verdict: 'permanent', explain: 'the resource was not found (check the Account SID)' },
  20429: { verdict: 'rate-limited', explain: 'too many requests' },
  14107: { verdict: 'rate-limited', explain: 'the account sent too many messages too fast' },
  21211: { verdict: 'permanent', explain: "the 'To' number is not a valid phone number" },
  21408: { verdict: 'permanent', explain: 'the account may not send to this region (Geo Permissions)' },
  21606: { verdict: 'permanent', explain: "the 'From' number cannot send this message" },
  21610: {
    verdict: 'permanent',
    explain:
      'the recipient unsubscribed (replied STOP); they must reply START before they can be texted again',
  },
  21612: { verdict: 'permanent', explain: "the 'To' number cannot be reached from the 'From' number" },
  21614: { verdict: 'permanent', explain: "the 'To' number is not a mobile number" },
  21617: { verdict: 'permanent', explain: 'the body is longer than 1600 characters' },
};

/** The fields of the SDK's errors the classification reads (RestException, TwilioServiceException, axios). */
interface SdkError {
  status?: unknown;
  code?: unknown;
  message?: unknown;
  moreInfo?: unknown;
}

/**
 * Turns what `client.messages.create` threw into the Lifeline error that says what to do:
 * {@link TwilioRejectedError} (permanent: 21211 invalid number, 21610 unsubscribed, other 4xx),
 * {@link TwilioRateLimitedError} (HTTP 429 or code 20429/14107; waits `Retry-After`, default 1 s) or
 * {@link TwilioUnavailableError} (retryable: 5xx, 408, timeouts, network errors). `response` is the
 * status and headers the answer came with, when `twilioHttpClient` captured them.
 *
 * @example
 * ```ts
 * import twilio from 'twilio';
 * const client = twilio(process.env.TWILIO_ACCOUNT_SID, process.env.TWILIO_AUTH_TOKEN);
 * try {
 *   await client.messages.create({ to: '+14155550100', from: '+14155550199', body: 'Hi' });
 * } catch (error) {
 *   throw classifyTwilioError(error);
 * }
 * ```
 */
export function classifyTwilioError(
  error: unknown,
  response?: { statusCode: number; headers: Record<string, unknown> },
  now = Date.now(),
): TwilioRejectedError | TwilioRateLimitedError | TwilioUnavailableError {
  const e = (typeof error === 'object' && error !== null ? error : {}) as SdkError;
  const httpStatus = typeof e.status === 'number' ? e.status : response?.statusCode;
  const twilioCode = typeof e.code === 'number' && e.code > 0 ? e.code : undefined;
  // Twilio's messages quote the number (21211): masked, so dead letters and alerts carry no phone numbers.
  const masked = typeof e.message === 'string' ? e.message.replace(/\+?\d[\d ().-]{5,}\d/g, '[number]') : '';
  const said = masked ? `; Twilio said: "${masked}"` : '';
  const where = `(code ${twilioCode ?? 'none'}, HTTP ${httpStatus ?? 'no response'})`;
  const options = { status: httpStatus, twilioCode, cause: error };

  if (httpStatus === undefined) {
    // No HTTP answer: an axios error (ECONNABORTED on timeout, ECONNREFUSED, ECONNRESET, …).
    const code = typeof e.code === 'string' ? e.code : 'network error';
    const timedOut = code === 'ECONNABORTED' || code === 'ETIMEDOUT';
    return new TwilioUnavailableError(
      `Could not reach Twilio (${timedOut ? 'the request timed out' : code})${said}; will retry.`,
      options,
    );
  }
  const known = twilioCode === undefined ? undefined : KNOWN[twilioCode];
  if (known?.verdict === 'rate-limited' || httpStatus === 429) {
    const header = response?.headers['retry-after'];
    const wait =
      (typeof header === 'string' ? parseRetryAfter(header, now) : undefined) ??
      DEFAULT_TWILIO_RETRY_AFTER_MS;
    return new TwilioRateLimitedError(
      `Twilio is rate limiting: ${known?.explain ?? 'it asked us to slow down'}${said} ${where}; retrying in ${wait} ms.`,
      wait,
      options,
    );
  }
  if (httpStatus >= 500 || httpStatus === 408 || httpStatus === 425) {
    return new TwilioUnavailableError(`Twilio is unavailable${said} ${where}; will retry.`, options);
  }
  const explain = known?.explain ?? `it answered HTTP ${httpStatus}`;
  return new TwilioRejectedError(
    `Twilio rejected the text: ${explain}${said} ${where}. Retrying will not help.`,
    options,
  );
}

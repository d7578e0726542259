import type { ErrorResponse } from 'resend';
import { ResendRateLimitedError, ResendRejectedError, ResendUnavailableError } from './errors';
import { DEFAULT_RETRY_AFTER_MS, retryAfterMs } from './retry-after';

type Verdict = 'permanent' | 'rate-limited' | 'unavailable';

/** Resend's error names, what they mean in words an admin understands, and what to do. */
const KNOWN: Record<string, { verdict: Verdict; explain: string }> = {
  validation_error: { verdict: 'permanent', explain: 'the request was invalid' },
  missing_required_field: { verdict: 'permanent', explain: 'a required field is missing' },
  invalid_parameter: { verdict: 'permanent', explain: 'a field has an invalid value' },
  invalid_attachment: { verdict: 'permanent', explain: 'an attachment is invalid' },
  invalid_from_address: {
    verdict: 'permanent',
    explain: 'the from address is invalid; use "Name <sender@your-verified-domain>"',
  },
  invalid_region: { verdict: 'permanent', explain: 'the sending region is invalid' },
  invalid_access: { verdict: 'permanent', explain: 'the API key is not allowed to do this' },
  missing_api_key: { verdict: 'permanent', explain: 'no API key was sent; pass one to new Resend(key)' },
  invalid_api_key: {
    verdict: 'permanent',
    explain: 'the API key is invalid or was revoked; create a new one',
  },
  restricted_api_key: {
    verdict: 'permanent',
    explain: 'the API key may not send email (it is restricted); use a key with sending access',
  },
  not_found: { verdict: 'permanent', explain: 'the API endpoint was not found (check the base URL)' },
  method_not_allowed: { verdict: 'permanent', explain: 'the API endpoint does not allow this method' },
  security_error: { verdict: 'permanent', explain: 'Resend blocked the request for security reasons' },
  invalid_idempotency_key: {
    verdict: 'permanent',
    explain: 'the idempotency key is invalid (1 to 256 characters)',
  },
  invalid_idempotent_request: {
    verdict: 'permanent',
    explain: 'this idempotency key was already used with a different email in the last 24 hours',
  },
  daily_quota_exceeded: {
    verdict: 'permanent',
    explain:
      'the daily sending quota is used up; upgrade the plan, or redrive this email once the quota resets',
  },
  monthly_quota_exceeded: {
    verdict: 'permanent',
    explain: 'the monthly sending quota is used up; upgrade the plan, or redrive this email next month',
  },
  rate_limit_exceeded: { verdict: 'rate-limited', explain: 'too many requests per second' },
  concurrent_idempotent_requests: {
    verdict: 'rate-limited',
    explain: 'a request with the same idempotency key is still being processed',
  },
  internal_server_error: { verdict: 'unavailable', explain: 'Resend had an internal error' },
  application_error: { verdict: 'unavailable', explain: 'Resend could not process the request' },
};

/** Explains a 403 `validation_error`, which almost always means one of these two things. */
const FORBIDDEN_VALIDATION =
  'the from domain is not verified, or the account may only send test emails to its own address; verify the domain at https://resend.com/domains';

function verdictFor(name: string, status: number | null): Verdict {
  const known = KNOWN[name]?.verdict;
  if (known && !(name === 'application_error' && status !== null && status < 500 && status !== 408))
    return known;
  // Unknown name (or a non-JSON 4xx): judge by status like the rest of Lifeline.
  if (status === null || status === 408 || status === 425 || status >= 500) return 'unavailable';
  if (status === 429) return 'rate-limited';
  return 'permanent';
}

/**
 * Turns the `error` of a failed `resend.emails.send` into the Lifeline error that says what to do:
 * {@link ResendRejectedError} (permanent), {@link ResendRateLimitedError} (wait as told, default
 * 1 s), or {@link ResendUnavailableError} (retry with backoff). Classifies by Resend's error name,
 * with the HTTP status as a fallback for names it does not know. `status` is the HTTP status.
 *
 * @example
 * ```ts
 * import { Resend } from 'resend';
 *
 * const resend = new Resend(process.env.RESEND_API_KEY);
 * const payload = { from: 'Shop <orders@example.com>', to: 'ada@example.com', subject: 'Receipt', text: 'Thanks!' };
 * const { data, error, headers } = await resend.emails.send(payload);
 * if (error) throw classifyResendError(error, headers);
 * ```
 */
export function classifyResendError(
  error: ErrorResponse,
  headers: Record<string, string> | null | undefined,
): ResendRejectedError | ResendRateLimitedError | ResendUnavailableError {
  const name = String(error.name ?? 'unknown_error');
  const status = typeof error.statusCode === 'number' ? error.statusCode : null;
  const verdict = verdictFor(name, status);
  const said = error.message ? `; Resend said: "${error.message}"` : '';
  const where = `(${name}, ${status ?? 'no response'})`;
  const options = { status: status ?? undefined, resendCode: name, cause: error };

  if (verdict === 'permanent') {
    const explain =
      name === 'validation_error' && status === 403 ? FORBIDDEN_VALIDATION : KNOWN[name]?.explain;
    const what = explain ?? `it answered HTTP ${status}`;
    return new ResendRejectedError(
      `Resend rejected the email: ${what}${said} ${where}. Retrying will not help.`,
      options,
    );
  }
  if (verdict === 'rate-limited') {
    const wait = retryAfterMs(headers) ?? DEFAULT_RETRY_AFTER_MS;
    const what = KNOWN[name]?.explain ?? 'it asked us to slow down';
    return new ResendRateLimitedError(
      `Resend is rate limiting: ${what}${said} ${where}; retrying in ${wait} ms.`,
      wait,
      options,
    );
  }
  if (status === null) {
    return new ResendUnavailableError(
      `Could not reach Resend or read its answer (network error, timeout or invalid response)${said} ${where}; will retry.`,
      options,
    );
  }
  const what = KNOWN[name]?.explain ?? 'Resend failed on its side';
  return new ResendUnavailableError(`Resend is unavailable: ${what}${said} ${where}; will retry.`, options);
}

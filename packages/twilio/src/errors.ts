import { LifelineError, PermanentError, RetryAfterError } from '@lifeline/core';

/** What every Twilio failure carries besides its message. */
export interface TwilioFailure {
  /** HTTP status of Twilio's answer; `undefined` when none came (network error, timeout). */
  readonly status: number | undefined;
  /** Twilio's error code (`21211`, `21610`, `20429`, …); `undefined` when the answer had none. */
  readonly twilioCode: number | undefined;
}

/** What the Twilio error classes are built from. */
export interface TwilioErrorOptions {
  status: number | undefined;
  twilioCode: number | undefined;
  /** The SDK's error (`RestException`, an axios error), kept for the dead letter. */
  cause: unknown;
}

/**
 * Twilio refused the text and sending it again cannot succeed: an invalid `To` number (21211), a recipient
 * who replied STOP (21610), a `From` the account does not own, bad credentials. Never retried.
 */
export class TwilioRejectedError extends PermanentError implements TwilioFailure {
  readonly status: number | undefined;
  readonly twilioCode: number | undefined;

  constructor(message: string, options: TwilioErrorOptions) {
    super(message, { cause: options.cause });
    this.status = options.status;
    this.twilioCode = options.twilioCode;
  }
}

/** Twilio asked to slow down (HTTP 429, code 20429 or 14107). Retried after `retryAfterMs`. */
export class TwilioRateLimitedError extends RetryAfterError implements TwilioFailure {
  readonly status: number | undefined;
  readonly twilioCode: number | undefined;

  constructor(message: string, retryAfterMs: number, options: TwilioErrorOptions) {
    super(message, retryAfterMs, { cause: options.cause });
    this.status = options.status;
    this.twilioCode = options.twilioCode;
  }
}

/**
 * Twilio failed on its side (5xx), timed out, or could not be reached. Retryable with backoff; the sender
 * checks Twilio's message list before it sends again under the same key (see `twilioSmsSender`).
 */
export class TwilioUnavailableError extends LifelineError implements TwilioFailure {
  readonly status: number | undefined;
  readonly twilioCode: number | undefined;

  constructor(message: string, options: TwilioErrorOptions) {
    super(message, 'LIFELINE_ERROR', { cause: options.cause });
    this.status = options.status;
    this.twilioCode = options.twilioCode;
  }
}

/** A text message to send. */
export interface SmsMessage {
  /** The recipient in E.164 form: `+` then 2 to 15 digits, e.g. `+14155550100`. */
  to: string;
  /** The text (1 to 1,600 characters: providers split longer texts into segments up to that). */
  body: string;
  /** Overrides the sender's default `from` (an E.164 number or an alphanumeric sender id). */
  from?: string;
}

/** Per-send options. */
export interface SendSmsOptions {
  /**
   * The operation's idempotency key. Two sends with one key deliver at most one text: where the provider
   * has no idempotency key of its own (Twilio's Messages API has none), the implementation says in its
   * documentation how far it can guarantee this.
   */
  idempotencyKey: string;
  /** Aborts the send (the attempt's timeout). */
  signal?: AbortSignal;
}

/** What the provider accepted. */
export interface SentSms {
  /** The provider's message id (for Twilio, the Message SID `SM…`). */
  id: string;
}

/**
 * Sends text messages: the SMS sibling of `Mailer`. Resolves only when the provider accepted the message;
 * throws otherwise, with an error `classifyError` can judge: a `PermanentError` for rejections retrying
 * cannot fix (an invalid or unsubscribed number, a bad account), a `RetryAfterError` when the provider
 * asked to slow down (with its `Retry-After`), anything else (5xx, timeouts, network errors) retryable.
 * A repeated `idempotencyKey` with the same message returns the first id without sending again; the same
 * key with a different message is a `PermanentError` (two texts were given one business key).
 */
export interface SmsSender {
  /** Sends `message`; resolves when the provider accepted it, throws a classifiable error otherwise. */
  send(message: SmsMessage, options: SendSmsOptions): Promise<SentSms>;
}

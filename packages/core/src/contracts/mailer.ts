/** An email to send. At least one of `html` and `text` is required. */
export interface EmailMessage {
  to: string | string[];
  subject: string;
  html?: string;
  text?: string;
  /** Overrides the mailer's default sender. */
  from?: string;
  replyTo?: string | string[];
  /** Provider tags for analytics (name → value). */
  tags?: Record<string, string>;
  headers?: Record<string, string>;
}

/** Per-send options. */
export interface SendEmailOptions {
  /**
   * The operation's idempotency key. Implementations pass it to the provider (e.g. Resend's
   * `Idempotency-Key`) so a retry after a timeout cannot deliver the email twice.
   */
  idempotencyKey: string;
  /** Aborts the send (the attempt's timeout). */
  signal?: AbortSignal;
}

/** What the provider accepted. */
export interface SentEmail {
  /** The provider's message id. */
  id: string;
}

/**
 * Sends email. Resolves only when the provider accepted the message; throws otherwise, with an
 * error `classifyError` can judge (a `PermanentError` for rejections retrying cannot fix,
 * a `RetryAfterError` when the provider asked to slow down).
 * Two sends with one `idempotencyKey` deliver at most one email where the provider supports it.
 */
export interface Mailer {
  /** Sends `message`; resolves when the provider accepted it, throws a classifiable error otherwise. */
  send(message: EmailMessage, options: SendEmailOptions): Promise<SentEmail>;
}

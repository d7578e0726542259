import { type Mailer, PermanentError, RetryAfterError } from '@lifeline/core';

/** Options of the stand-in mailer. */
export interface FlakyMailerOptions {
  /** Chance that a send fails with a transient 503. */
  transientRate: number;
  /** Chance that a send is rate limited (429, retry after 2 s). */
  rateLimitRate: number;
  /** Addresses the "provider" rejects for good. */
  rejects: (address: string) => boolean;
  random: () => number;
}

/**
 * A mailer standing in for Resend, offline: it fails the way real providers do (503s, 429s with
 * Retry-After, rejected addresses) and delivers at most once per idempotency key, like Resend does.
 */
export function flakyMailer(options: FlakyMailerOptions): Mailer & { delivered: Map<string, string> } {
  const delivered = new Map<string, string>();
  return {
    delivered,
    async send(message, { idempotencyKey }) {
      const to = Array.isArray(message.to) ? message.to.join(',') : message.to;
      const previous = delivered.get(idempotencyKey);
      if (previous) return { id: previous };
      if (options.rejects(to))
        throw new PermanentError(`Mail provider rejected ${to}: mailbox does not exist (422)`);
      const roll = options.random();
      if (roll < options.transientRate)
        throw Object.assign(new Error('Mail provider unavailable (503)'), { status: 503 });
      if (roll < options.transientRate + options.rateLimitRate)
        throw new RetryAfterError('Mail provider rate limit (429)', 2_000);
      const id = `email_${delivered.size + 1}`;
      delivered.set(idempotencyKey, id);
      return { id };
    },
  };
}

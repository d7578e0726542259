import { type EmailMessage, type Mailer, type SendEmailOptions, ValidationError } from '@lifeline/core';
import type { CreateEmailOptions, CreateEmailRequestOptions, CreateEmailResponse } from 'resend';
import type { z } from 'zod';
import { abortReason, raceAbort } from './abort';
import { classifyResendError } from './classify-resend-error';
import { ResendUnavailableError } from './errors';
import { emailMessageSchema, resendMailerOptionsSchema, sendOptionsSchema } from './schemas';

/** The part of the Resend SDK the mailer uses: `new Resend(apiKey)` fits. */
export interface ResendClient {
  /** The SDK's emails API. */
  emails: {
    /** Sends one email; resolves `{ data, error, headers }` and never throws (resend 6). */
    send(payload: CreateEmailOptions, options?: CreateEmailRequestOptions): Promise<CreateEmailResponse>;
  };
}

/** Options of {@link resendMailer}. */
export interface ResendMailerOptions {
  /** A Resend client, e.g. `new Resend(process.env.RESEND_API_KEY)`. */
  client: ResendClient;
  /** Default sender, `"Shop <orders@example.com>"`; a message's own `from` wins. */
  from: string;
  /** Default reply-to; a message's own `replyTo` wins. */
  replyTo?: string | string[];
  /** Tags added to every email (a message's tags win on the same name). */
  tags?: Record<string, string>;
}

function parse<T>(schema: z.ZodType<T>, subject: string, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) throw ValidationError.fromZod(subject, result.error, value);
  return result.data;
}

/**
 * A {@link Mailer} on Resend. Each send passes the operation's idempotency key as Resend's
 * `Idempotency-Key`, so a retry after a timeout cannot deliver the email twice (Resend keeps keys
 * for 24 hours), and passes the attempt's `signal` so a hung request is aborted.
 *
 * Failures are thrown as Lifeline errors: `ResendRejectedError` (a `PermanentError`: bad address,
 * unverified domain, bad key, quota used up), `ResendRateLimitedError` (a `RetryAfterError`) or
 * `ResendUnavailableError` (retryable: 5xx, network). Each has the HTTP `status` and `resendCode`.
 * An aborted send rejects with the signal's reason. Invalid options or messages throw a
 * `ValidationError` naming the field.
 *
 * @example
 * ```ts
 * import { Resend } from 'resend';
 * const mailer = resendMailer({ client: new Resend(process.env.RESEND_API_KEY), from: 'Shop <orders@example.com>' });
 * await mailer.send({ to: 'jane@example.com', subject: 'Hi', text: 'Hello' }, { idempotencyKey: 'receipt:pur_123' });
 * ```
 */
export function resendMailer(options: ResendMailerOptions): Mailer {
  const config = parse(resendMailerOptionsSchema, 'resendMailer options', options);
  const client = options.client;

  return {
    async send(message: EmailMessage, sendOptions: SendEmailOptions) {
      const email = parse(emailMessageSchema, 'email message', message);
      const { idempotencyKey, signal } = parse(sendOptionsSchema, 'send options', sendOptions);
      if (signal?.aborted) throw abortReason(signal);

      const tags = { ...config.tags, ...email.tags };
      const payload = {
        from: email.from ?? config.from,
        to: email.to,
        subject: email.subject,
        ...(email.html !== undefined && { html: email.html }),
        ...(email.text !== undefined && { text: email.text }),
        ...((email.replyTo ?? config.replyTo) !== undefined && { replyTo: email.replyTo ?? config.replyTo }),
        ...(Object.keys(tags).length > 0 && {
          tags: Object.entries(tags).map(([name, value]) => ({ name, value })),
        }),
        ...(email.headers && { headers: email.headers }),
      } as CreateEmailOptions;

      // resend 6.38 forwards `signal` to fetch (the socket is closed on abort); the race is a guard
      // for clients that ignore it.
      const response = await raceAbort(client.emails.send(payload, { idempotencyKey, signal }), signal);
      // The SDK reports an abort as a network error; the caller's reason says what really happened.
      if (signal?.aborted) throw abortReason(signal);
      if (response.error) throw classifyResendError(response.error, response.headers);
      const id = response.data?.id;
      if (typeof id !== 'string' || id === '') {
        throw new ResendUnavailableError(
          'Resend answered without an email id; retrying with the same idempotency key is safe',
          { status: undefined, resendCode: 'missing_email_id', cause: response },
        );
      }
      return { id };
    },
  };
}

import { randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { EmailMessage, Mailer, SendEmailOptions, SentEmail } from '@lifeline/core';

/** When the file mailer fails on purpose: never, on every send, or for addresses tagged `+fail`. */
export type FakeFailureMode = 'never' | 'always' | 'tagged';

/** Options of {@link fileMailer}. */
export interface FileMailerOptions {
  /** Folder the emails are written to (created when missing). */
  dir: string;
  /** Default sender, as Resend's `from`. */
  from: string;
  /** `LIFELINE_FAKE_MAILER_FAIL`: make sends fail to see retries, dead letters and alerts. Default `never`. */
  fail?: FakeFailureMode;
}

/** A send that failed on purpose, as a provider outage would (retryable, like a 503). */
export class FakeMailerOutageError extends Error {
  override readonly name = 'FakeMailerOutageError';
  readonly status = 503;
}

const recipients = (to: string | string[]) => (Array.isArray(to) ? to : [to]);
/** `receipt:pur_1` → `receipt_pur_1`: one file per idempotency key. */
const fileNameOf = (key: string) => key.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 200);

/**
 * The offline stand-in for Resend: writes each email to `<dir>/<idempotency key>.json` (everything sent)
 * and `.html` (open it in a browser) instead of sending it.
 *
 * Behaves like Resend with idempotency keys: a second send under the same key writes nothing and returns
 * the first email's id, so a retry can never deliver twice. With `fail` set, sends throw a retryable
 * {@link FakeMailerOutageError} (every send with `always`; with `tagged`, sends to addresses like
 * `jane+fail@example.com`), which Lifeline retries and then dead-letters with an alert.
 */
export function fileMailer(options: FileMailerOptions): Mailer {
  const fail = options.fail ?? 'never';
  const ready = mkdir(options.dir, { recursive: true });
  return {
    async send(message: EmailMessage, sendOptions: SendEmailOptions): Promise<SentEmail> {
      sendOptions.signal?.throwIfAborted();
      const failing =
        fail === 'always' || (fail === 'tagged' && recipients(message.to).some((to) => /\+fail@/i.test(to)));
      if (failing) {
        throw new FakeMailerOutageError(
          `fake mailer: failing on purpose (LIFELINE_FAKE_MAILER_FAIL=${fail}); unset it, restart and redrive from /admin`,
        );
      }
      await ready;
      const base = path.join(options.dir, fileNameOf(sendOptions.idempotencyKey));
      const id = `email_${randomUUID()}`;
      const record = {
        id,
        idempotencyKey: sendOptions.idempotencyKey,
        sentAt: new Date().toISOString(),
        from: message.from ?? options.from,
        ...message,
      };
      try {
        // `wx` fails when the file exists: the first send under a key wins, like Resend's idempotency.
        await writeFile(`${base}.json`, `${JSON.stringify(record, null, 2)}\n`, { flag: 'wx' });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const first = JSON.parse(await readFile(`${base}.json`, 'utf8')) as { id: string };
        return { id: first.id };
      }
      if (message.html) await writeFile(`${base}.html`, message.html);
      return { id };
    },
  };
}

import type { EmailMessage, Mailer } from '@lifeline/core';
import { defineSuite, randomId, rejectionOf, type SuiteOptions, type SuiteRunner } from './suite-runner';

/** What the mailer suite's factory returns: the mailer, and a probe that reads what really got delivered. */
export interface MailerUnderTest {
  /** The mailer under test. */
  mailer: Mailer;
  /** Every message the provider (or its stand-in) delivered, with the idempotency key it was sent under. */
  delivered: () => Promise<ProbedDelivery[]>;
}

/** One delivery as the mailer suite's probe reports it. */
export interface ProbedDelivery {
  /** The message as the provider received it. */
  message: EmailMessage;
  /** The idempotency key it was sent under (e.g. the `Idempotency-Key` header). */
  idempotencyKey: string;
}

/**
 * The conformance suite of the `Mailer` contract: an accepted message is delivered intact with its
 * idempotency key, two sends with one key deliver one email (sequential and concurrent), different keys
 * deliver separately, and an aborted send rejects without delivering. The probe (`delivered`) reads the
 * provider side, so the suite does not trust the mailer's own account. Each test uses a random subject.
 *
 * @example
 * ```ts
 * import { describe, expect, test } from 'vitest';
 * // `delivered` reads the provider side (for Resend: a local HTTP stand-in that records each request).
 * mailerSuite({ describe, expect, test }, async () => {
 *   const mailer = memoryMailer(); // your mailer here
 *   return { mailer, delivered: async () => mailer.sent };
 * });
 * ```
 */
export function mailerSuite(
  runner: SuiteRunner,
  factory: () => Promise<MailerUnderTest>,
  options: SuiteOptions = {},
): void {
  const { expect } = runner;

  async function setup() {
    const { mailer, delivered } = await factory();
    const subject = randomId('Suite receipt ');
    const message: EmailMessage = {
      to: ['ada@example.com', 'grace@example.com'],
      subject,
      html: '<p>Thanks for your purchase. <a href="https://example.com/download">Download</a></p>',
      text: 'Thanks for your purchase. Download: https://example.com/download',
      tags: { category: 'receipt' },
    };
    const mine = async () => (await delivered()).filter((d) => d.message.subject === subject);
    return { mailer, message, mine };
  }

  defineSuite(runner, 'Mailer conformance', options, (test) => {
    test('an accepted message is delivered intact, under its idempotency key', async () => {
      const { mailer, message, mine } = await setup();
      const key = randomId('receipt:');
      const sent = await mailer.send(message, { idempotencyKey: key });
      expect(typeof sent.id === 'string' && sent.id.length > 0).toBe(true);
      const delivered = await mine();
      expect(delivered).toHaveLength(1);
      expect(delivered[0]!.idempotencyKey).toBe(key);
      expect(delivered[0]!.message).toMatchObject({
        to: message.to,
        subject: message.subject,
        html: message.html,
        text: message.text,
      });
    });

    test('the same idempotency key twice delivers one email and returns the same id', async () => {
      const { mailer, message, mine } = await setup();
      const key = randomId('receipt:');
      const first = await mailer.send(message, { idempotencyKey: key });
      const second = await mailer.send(message, { idempotencyKey: key });
      expect(second.id).toBe(first.id);
      expect(await mine()).toHaveLength(1);
    });

    test('concurrent sends with one idempotency key deliver at most one email', async () => {
      const { mailer, message, mine } = await setup();
      const key = randomId('receipt:');
      const results = await Promise.allSettled(
        Array.from({ length: 5 }, () => mailer.send(message, { idempotencyKey: key })),
      );
      expect(results.some((r) => r.status === 'fulfilled')).toBe(true);
      expect(await mine()).toHaveLength(1);
    });

    test('different idempotency keys deliver separately', async () => {
      const { mailer, message, mine } = await setup();
      const a = await mailer.send(message, { idempotencyKey: randomId('receipt:') });
      const b = await mailer.send(message, { idempotencyKey: randomId('receipt:') });
      expect(a.id).not.toBe(b.id);
      expect(await mine()).toHaveLength(2);
    });

    test('a send whose signal is already aborted rejects and delivers nothing', async () => {
      const { mailer, message, mine } = await setup();
      const controller = new AbortController();
      controller.abort(new Error('attempt timed out'));
      await rejectionOf(
        mailer.send(message, { idempotencyKey: randomId('receipt:'), signal: controller.signal }),
        'an aborted send',
      );
      expect(await mine()).toHaveLength(0);
    });
  });
}

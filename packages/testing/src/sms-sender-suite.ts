import { isPermanentError, type SmsMessage, type SmsSender } from '@lifeline/core';
import { defineSuite, randomId, rejectionOf, type SuiteOptions, type SuiteRunner } from './suite-runner';

/** What the SMS sender suite's factory returns: the sender, and a probe that reads what really got sent. */
export interface SmsSenderUnderTest {
  /** The SMS sender under test. */
  sms: SmsSender;
  /** Every text the provider (or its stand-in) accepted, as the provider received it. */
  delivered: () => Promise<ProbedSms[]>;
}

/** One text as the SMS sender suite's probe reports it. */
export interface ProbedSms {
  /** The message as the provider received it. */
  message: SmsMessage;
}

/**
 * The conformance suite of the `SmsSender` contract: an accepted text arrives intact, two sends with one
 * idempotency key send one text and return one id (sequential and concurrent), different keys send
 * separately, the same key with a different text is a `PermanentError`, an invalid number and an aborted
 * send reject without sending. The probe (`delivered`) reads the provider side, so the suite does not
 * trust the sender's own account. Each test uses a random body.
 *
 * @example
 * ```ts
 * import { describe, expect, test } from 'vitest';
 * // `delivered` reads the provider side (for Twilio: a local HTTP stand-in that records each message).
 * smsSenderSuite({ describe, expect, test }, async () => {
 *   const sms = memorySmsSender(); // your SMS sender here
 *   return { sms, delivered: async () => sms.sent };
 * });
 * ```
 */
export function smsSenderSuite(
  runner: SuiteRunner,
  factory: () => Promise<SmsSenderUnderTest>,
  options: SuiteOptions = {},
): void {
  const { expect } = runner;

  async function setup() {
    const { sms, delivered } = await factory();
    const message: SmsMessage = {
      to: '+14155550100',
      body: `${randomId('Suite receipt ')}: your download is ready at https://example.com/d/1`,
    };
    const mine = async () => (await delivered()).filter((d) => d.message.body === message.body);
    return { sms, message, mine };
  }

  defineSuite(runner, 'SmsSender conformance', options, (test) => {
    test('an accepted text is delivered intact and its provider id returned', async () => {
      const { sms, message, mine } = await setup();
      const sent = await sms.send(message, { idempotencyKey: randomId('sms:') });
      expect(typeof sent.id === 'string' && sent.id.length > 0).toBe(true);
      const delivered = await mine();
      expect(delivered).toHaveLength(1);
      expect(delivered[0]!.message).toMatchObject({ to: message.to, body: message.body });
    });

    test('the same idempotency key twice sends one text and returns the same id', async () => {
      const { sms, message, mine } = await setup();
      const key = randomId('sms:');
      const first = await sms.send(message, { idempotencyKey: key });
      const second = await sms.send(message, { idempotencyKey: key });
      expect(second.id).toBe(first.id);
      expect(await mine()).toHaveLength(1);
    });

    test('concurrent sends with one idempotency key send at most one text', async () => {
      const { sms, message, mine } = await setup();
      const key = randomId('sms:');
      const results = await Promise.allSettled(
        Array.from({ length: 5 }, () => sms.send(message, { idempotencyKey: key })),
      );
      expect(results.some((r) => r.status === 'fulfilled')).toBe(true);
      expect(await mine()).toHaveLength(1);
    });

    test('different idempotency keys send separately', async () => {
      const { sms, message, mine } = await setup();
      const a = await sms.send(message, { idempotencyKey: randomId('sms:') });
      const b = await sms.send(message, { idempotencyKey: randomId('sms:') });
      expect(a.id).not.toBe(b.id);
      expect(await mine()).toHaveLength(2);
    });

    test('the same idempotency key with a different text is a PermanentError and sends nothing more', async () => {
      const { sms, message, mine } = await setup();
      const key = randomId('sms:');
      await sms.send(message, { idempotencyKey: key });
      const error = await rejectionOf(
        sms.send({ ...message, to: '+14155550199' }, { idempotencyKey: key }),
        'a send reusing a key for another text',
      );
      expect(isPermanentError(error)).toBe(true);
      expect(await mine()).toHaveLength(1);
    });

    test('a number that is not E.164 is rejected before anything is sent', async () => {
      const { sms, message, mine } = await setup();
      await rejectionOf(
        sms.send({ ...message, to: '415-555-0100' }, { idempotencyKey: randomId('sms:') }),
        'a send to a number that is not E.164',
      );
      expect(await mine()).toHaveLength(0);
    });

    test('a send whose signal is already aborted rejects and sends nothing', async () => {
      const { sms, message, mine } = await setup();
      const controller = new AbortController();
      controller.abort(new Error('attempt timed out'));
      await rejectionOf(
        sms.send(message, { idempotencyKey: randomId('sms:'), signal: controller.signal }),
        'an aborted send',
      );
      expect(await mine()).toHaveLength(0);
    });
  });
}

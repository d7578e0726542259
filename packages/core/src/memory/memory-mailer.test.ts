import { describe, expect, test } from 'vitest';
import { isPermanentError } from '../errors/permanent-error';
import { memoryMailer } from './memory-mailer';

describe('memoryMailer', () => {
  test('records accepted messages; deliveredTo matches any recipient, case-insensitively', async () => {
    const mailer = memoryMailer();
    const { id } = await mailer.send(
      { to: ['Ada@Example.com', 'bob@example.com'], subject: 'Hi', text: 'x' },
      { idempotencyKey: 'k1' },
    );
    expect(id).toMatch(/^email_/);
    expect(mailer.deliveredTo('ada@example.com')).toEqual([
      {
        id,
        message: { to: ['Ada@Example.com', 'bob@example.com'], subject: 'Hi', text: 'x' },
        idempotencyKey: 'k1',
      },
    ]);
    expect(mailer.deliveredTo('carol@example.com')).toEqual([]);
  });

  test('a repeated key returns the first id; the same key for another message is a PermanentError', async () => {
    const mailer = memoryMailer();
    const message = { to: 'ada@example.com', subject: 'Receipt', html: '<p>hi</p>' };
    const first = await mailer.send(message, { idempotencyKey: 'receipt:1' });
    expect(
      await mailer.send(
        { html: '<p>hi</p>', subject: 'Receipt', to: 'ada@example.com' },
        { idempotencyKey: 'receipt:1' },
      ),
    ).toEqual(first);
    const error = await mailer
      .send({ ...message, subject: 'Other' }, { idempotencyKey: 'receipt:1' })
      .catch((e: unknown) => e);
    expect(isPermanentError(error)).toBe(true);
    expect(mailer.sent).toHaveLength(1);
  });

  test('validates messages and options, and honours an aborted signal', async () => {
    const mailer = memoryMailer();
    await expect(mailer.send({ to: 'a@example.com', subject: 's' }, { idempotencyKey: 'k' })).rejects.toThrow(
      /html: needs `html` or `text`/,
    );
    await expect(mailer.send({ to: [], subject: 's', text: 't' }, { idempotencyKey: 'k' })).rejects.toThrow(
      /Invalid email message: to/,
    );
    await expect(
      mailer.send({ to: 'a@example.com', subject: 's', text: 't' }, { idempotencyKey: '' }),
    ).rejects.toThrow(/idempotencyKey: must be a non-empty string/);
    const signal = AbortSignal.abort(new Error('stop'));
    await expect(
      mailer.send({ to: 'a@example.com', subject: 's', text: 't' }, { idempotencyKey: 'k', signal }),
    ).rejects.toThrow('stop');
    expect(mailer.sent).toEqual([]);
  });

  test('stored messages are copies', async () => {
    const mailer = memoryMailer();
    const message = { to: ['a@example.com'], subject: 's', text: 't' };
    await mailer.send(message, { idempotencyKey: 'k' });
    message.to.push('b@example.com');
    expect(mailer.sent[0]!.message.to).toEqual(['a@example.com']);
  });
});

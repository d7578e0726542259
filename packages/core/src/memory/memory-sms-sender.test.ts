import { describe, expect, test } from 'vitest';
import { isPermanentError } from '../errors/permanent-error';
import { memorySmsSender } from './memory-sms-sender';

describe('memorySmsSender', () => {
  test('records accepted texts; deliveredTo finds them by number', async () => {
    const sms = memorySmsSender();
    const { id } = await sms.send({ to: '+14155550100', body: 'Hi' }, { idempotencyKey: 'k1' });
    expect(id).toMatch(/^SM[0-9a-f]{32}$/);
    expect(sms.deliveredTo('+14155550100')).toEqual([
      { id, message: { to: '+14155550100', body: 'Hi' }, idempotencyKey: 'k1' },
    ]);
    expect(sms.deliveredTo('+14155550101')).toEqual([]);
  });

  test('a repeated key returns the first id; the same key for another text is a PermanentError', async () => {
    const sms = memorySmsSender();
    const first = await sms.send({ to: '+14155550100', body: 'Receipt' }, { idempotencyKey: 'r:1' });
    expect(await sms.send({ body: 'Receipt', to: '+14155550100' }, { idempotencyKey: 'r:1' })).toEqual(first);
    const error = await sms
      .send({ to: '+14155550100', body: 'Other' }, { idempotencyKey: 'r:1' })
      .catch((e: unknown) => e);
    expect(isPermanentError(error)).toBe(true);
    expect(sms.sent).toHaveLength(1);
  });

  test('validates numbers, bodies and options, and honours an aborted signal', async () => {
    const sms = memorySmsSender();
    await expect(sms.send({ to: '4155550100', body: 'x' }, { idempotencyKey: 'k' })).rejects.toThrow(
      /to: must be an E.164 phone number/,
    );
    await expect(sms.send({ to: '+14155550100', body: '' }, { idempotencyKey: 'k' })).rejects.toThrow(
      /body: must not be empty/,
    );
    await expect(
      sms.send({ to: '+14155550100', body: 'x'.repeat(1_601) }, { idempotencyKey: 'k' }),
    ).rejects.toThrow(/at most 1600/);
    await expect(sms.send({ to: '+14155550100', body: 'x' }, { idempotencyKey: '' })).rejects.toThrow(
      /idempotencyKey: must be a non-empty string/,
    );
    const signal = AbortSignal.abort(new Error('stop'));
    await expect(
      sms.send({ to: '+14155550100', body: 'x' }, { idempotencyKey: 'k', signal }),
    ).rejects.toThrow('stop');
    expect(sms.sent).toEqual([]);
  });
});

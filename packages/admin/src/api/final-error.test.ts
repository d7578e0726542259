import { describe, expect, test } from 'vitest';
import { finalError, finalErrorMessage, humanDurations, isPermanent } from './final-error';

describe('finalErrorMessage', () => {
  test.each([
    [
      'Resend is rate limiting: it asked us to slow down (rate_limit_exceeded, 429); retrying in 18000 ms.',
      'Resend is rate limiting: it asked us to slow down (rate_limit_exceeded, 429).',
    ],
    [
      'Resend is unavailable: Resend failed on its side (internal_server_error, 500); will retry.',
      'Resend is unavailable: Resend failed on its side (internal_server_error, 500).',
    ],
    ['Attempt timed out after 30000 ms', 'Attempt timed out after 30 s'],
    ['waited 600000ms for the lock', 'waited 10 min for the lock'],
    ['took 850 ms', 'took 850 ms'],
    ['SMTP 503 while sending', 'SMTP 503 while sending'],
    ['Purchase not found for checkout session', 'Purchase not found for checkout session'],
  ])('%s', (input, expected) => {
    expect(finalErrorMessage(input)).toBe(expected);
  });

  test('every link of the chain is rewritten; classification is kept', () => {
    const error = finalError({
      name: 'ResendRateLimitedError',
      message: 'rate limited; retrying in 90000 ms.',
      retryable: true,
      cause: { name: 'Error', message: 'slept 2000 ms; will retry' },
    });
    expect(error).toEqual({
      name: 'ResendRateLimitedError',
      message: 'rate limited.',
      retryable: true,
      cause: { name: 'Error', message: 'slept 2 s.' },
    });
  });

  test('humanDurations and isPermanent', () => {
    expect(humanDurations('1,500 ms and 86400000 ms')).toBe('1.5 s and 1 d');
    expect(isPermanent({ name: 'PermanentError', message: 'x', retryable: false })).toBe(true);
    expect(isPermanent({ name: 'E', message: 'x', code: 'LIFELINE_PERMANENT' })).toBe(true);
    expect(isPermanent({ name: 'E', message: 'x', retryable: true })).toBe(false);
    expect(isPermanent({ name: 'E', message: 'x' })).toBe(false);
  });
});

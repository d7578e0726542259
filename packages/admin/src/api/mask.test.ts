import { describe, expect, test } from 'vitest';
import { isSecretKey, MASK, maskSecrets } from './mask';

describe('isSecretKey', () => {
  test.each([
    'token',
    'accessToken',
    'refresh_token',
    'password',
    'clientSecret',
    'apiKey',
    'API_KEY',
    'apikey',
    'secretKey',
    'privateKey',
    'key',
    'signature',
    'stripe-signature',
    'Authorization',
    'cookie',
    'webhookSecret',
    'cvc',
  ])('%s is secret', (key) => {
    expect(isSecretKey(key)).toBe(true);
  });
  test.each([
    'idempotencyKey',
    'dedupeKey',
    'publicKey',
    'objectKey',
    'author',
    'authorId',
    'email',
    'userEmail',
    'downloadUrl',
    'signal',
    'monkey',
    'keyboard',
  ])('%s is not secret', (key) => {
    expect(isSecretKey(key)).toBe(false);
  });
});

describe('maskSecrets', () => {
  test('masks secret-named fields and customer emails at any depth and lists their paths; leaves the input alone', () => {
    const input = {
      user: { email: 'a@example.com', password: 'hunter2' },
      items: [{ apiKey: 'k1' }, { name: 'ok' }],
      token: '',
      secret: null,
    };
    const copy = structuredClone(input);
    const { value, paths } = maskSecrets(input, 'payload');
    expect(value).toEqual({
      user: { email: 'a***@example.com', password: MASK },
      items: [{ apiKey: MASK }, { name: 'ok' }],
      token: '',
      secret: null,
    });
    expect(paths).toEqual(['payload.user.email', 'payload.user.password', 'payload.items.0.apiKey']);
    expect(input).toEqual(copy);
  });

  test.each([
    [
      'S3 presigned',
      'https://b.s3.amazonaws.com/f.zip?X-Amz-Algorithm=AWS4&X-Amz-Credential=AK%2F1&X-Amz-Signature=abc',
      'https://b.s3.amazonaws.com/f.zip?[masked]',
    ],
    [
      'CloudFront',
      'https://d.cloudfront.net/f?Expires=1700000000&Signature=abc&Key-Pair-Id=K1',
      'https://d.cloudfront.net/f?[masked]',
    ],
    [
      'GCS',
      'https://storage.googleapis.com/b/o?X-Goog-Signature=abc&X-Goog-Expires=60',
      'https://storage.googleapis.com/b/o?[masked]',
    ],
    [
      'Supabase storage',
      'https://p.supabase.co/storage/v1/object/sign/leads/a.csv?token=eyJabc',
      'https://p.supabase.co/storage/v1/object/sign/leads/a.csv?[masked]',
    ],
    [
      'Azure SAS',
      'https://a.blob.core.windows.net/c/b?sv=2024&se=2026&sig=abc',
      'https://a.blob.core.windows.net/c/b?[masked]',
    ],
    [
      'database URL with password',
      'postgres://u:pw@db.example.com/app',
      'postgres://u:[masked]@db.example.com/app',
    ],
    ['https URL with password', 'https://user:pw@example.com/x', 'https://user:[masked]@example.com/x'],
    ['plain URL', 'https://example.com/a?page=2', 'https://example.com/a?page=2'],
    ['URL inside text', 'GET https://x.test/f?sig=abc failed', 'GET https://x.test/f?[masked] failed'],
    ['JWT', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl', MASK],
    ['Stripe key', 'sk_live_51Habc', MASK],
    ['Slack token', 'xoxb-123-456', MASK],
    ['ordinary text', 'Purchase not found', 'Purchase not found'],
  ])('%s', (_name, input, expected) => {
    expect(maskSecrets({ value: input }).value.value).toBe(expected);
  });

  test('strings at the top level and in arrays are masked; the path says where', () => {
    expect(maskSecrets(['https://x.test/?token=1', 'fine'], 'links')).toEqual({
      value: [`https://x.test/?${MASK}`, 'fine'],
      paths: ['links.0'],
    });
  });

  test('cycles and very deep values do not hang', () => {
    const cyclic: Record<string, unknown> = { name: 'x' };
    cyclic.self = cyclic;
    expect(maskSecrets(cyclic).value).toEqual({ name: 'x', self: '[too deep]' });
  });
});

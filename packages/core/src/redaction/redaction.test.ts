import { describe, expect, test } from 'vitest';
import { maskEmails } from './emails';
import { REDACTED } from './placeholder';
import { redactText } from './redact-text';
import { isSignedUrl, redactUrl } from './redact-url';
import { redactValue } from './redact-value';
import { isSecretKey } from './secret-names';

describe('isSecretKey: the union of the dashboard and the Slack alerter', () => {
  test.each([
    // both had these
    'token',
    'accessToken',
    'refresh_token',
    'password',
    'db_passwd',
    'clientSecret',
    'STRIPE_SECRET_KEY',
    'apiKey',
    'API_KEY',
    'apikey',
    'privateKey',
    'private_key',
    'key',
    'stripe-signature',
    'X-Amz-Signature',
    'Authorization',
    'Set-Cookie',
    'jwt',
    'otp',
    // the dashboard's only
    'cvc',
    'cvv',
    'cardCvv',
    'iban',
    'ssn',
    'customerSsn',
    // the Slack alerter's only
    'hmac',
    'webhookHmac',
    'dsn',
    'sentryDsn',
    'signingKey',
    'accesskey',
  ])('%s is secret', (name) => {
    expect(isSecretKey(name)).toBe(true);
  });

  test.each([
    'idempotencyKey',
    'idempotency_key',
    'dedupeKey',
    'dedupKey',
    'publicKey',
    'objectKey',
    'storageKey',
    'throttleKey',
    'eventKey',
    'routingKey',
    'email',
    'author',
    'authorId',
    'purchaseId',
    'downloadUrl',
    'signal',
    'monkey',
    'keyboard',
    'tokenizer_version',
    'code',
  ])('%s is not secret', (name) => {
    expect(isSecretKey(name)).toBe(false);
  });
});

describe('redactValue: structured data (dashboard payloads)', () => {
  test('secret-named fields become the placeholder, customer emails are masked, paths are listed, input untouched', () => {
    const input = {
      purchaseId: 'p_1',
      customer: { email: 'ada.lovelace@example.com', cvv: '123', iban: 'DE89370400440532013000' },
      card: { ssn: '078-05-1120' },
      sentry: { dsn: 'https://abc@o1.ingest.sentry.io/1' },
      items: [{ apiKey: 'k1' }, { name: 'ok' }],
      idempotencyKey: 'receipt:p_1',
      token: '',
      secret: null,
    };
    const copy = structuredClone(input);
    const { value, paths } = redactValue(input, { path: 'payload' });
    expect(value).toEqual({
      purchaseId: 'p_1',
      customer: { email: 'a***@example.com', cvv: REDACTED, iban: REDACTED },
      card: { ssn: REDACTED },
      sentry: { dsn: REDACTED },
      items: [{ apiKey: REDACTED }, { name: 'ok' }],
      idempotencyKey: 'receipt:p_1',
      token: '',
      secret: null,
    });
    expect(paths).toEqual([
      'payload.customer.email',
      'payload.customer.cvv',
      'payload.customer.iban',
      'payload.card.ssn',
      'payload.sentry.dsn',
      'payload.items.0.apiKey',
    ]);
    expect(input).toEqual(copy);
  });

  test.each([
    [
      'S3 presigned',
      'https://b.s3.amazonaws.com/f.zip?X-Amz-Algorithm=AWS4&X-Amz-Credential=AK%2F1&X-Amz-Signature=abc',
      'https://b.s3.amazonaws.com/f.zip?[redacted]',
    ],
    [
      'CloudFront',
      'https://d.cloudfront.net/f?Expires=1700000000&Signature=abc&Key-Pair-Id=K1',
      'https://d.cloudfront.net/f?[redacted]',
    ],
    [
      'Azure SAS',
      'https://a.blob.core.windows.net/c/b?sv=2024&se=2026&sig=abc',
      'https://a.blob.core.windows.net/c/b?[redacted]',
    ],
    [
      'database URL with password',
      'postgres://u:pw@db.example.com/app',
      'postgres://u:[redacted]@db.example.com/app',
    ],
    ['plain URL', 'https://example.com/a?page=2', 'https://example.com/a?page=2'],
    ['URL inside text', 'GET https://x.test/f?sig=abc failed', 'GET https://x.test/f?[redacted] failed'],
    ['JWT', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl', REDACTED],
    ['short Stripe key', 'sk_live_51Habc', REDACTED],
    ['short Slack token', 'xoxb-123-456', REDACTED],
    ['long Stripe key in text', 'key sk_live_51HxYzAbCdEf123 leaked', 'key sk_live_[redacted] leaked'],
    [
      'email in an error message',
      'SMTP 503 while sending to jane@example.com',
      'SMTP 503 while sending to j***@example.com',
    ],
    ['ordinary text', 'Purchase not found', 'Purchase not found'],
  ])('%s', (_name, input, expected) => {
    expect(redactValue({ value: input }).value.value).toBe(expected);
  });

  test('a caller picks its own placeholder (the dashboard shows [masked])', () => {
    expect(
      redactValue({ apiKey: 'x', link: 'https://x.test/?token=1' }, { placeholder: '[masked]' }).value,
    ).toEqual({
      apiKey: '[masked]',
      link: 'https://x.test/?[masked]',
    });
  });

  test('cycles and very deep values do not hang', () => {
    const cyclic: Record<string, unknown> = { name: 'x' };
    cyclic.self = cyclic;
    expect(redactValue(cyclic).value).toEqual({ name: 'x', self: '[too deep]' });
  });
});

describe('redactText: free text (alerts, logs)', () => {
  test('keeps the rest of a signed URL readable, redacting only its secret parameters', () => {
    expect(redactText('download https://x.example/d?X-Amz-Signature=abc&id=7 now')).toBe(
      `download https://x.example/d?X-Amz-Signature=${REDACTED}&id=7 now`,
    );
  });

  test('redacts cvv/iban/ssn/hmac/dsn assignments in text', () => {
    expect(redactText('card cvv=123 iban: DE89370400440532013000 hmac=ab12 dsn=https://k@s.io/1')).toBe(
      `card cvv=${REDACTED} iban: ${REDACTED} hmac=${REDACTED} dsn=${REDACTED}`,
    );
  });

  test('is idempotent on what it produced', () => {
    for (const input of [
      'sk_live_51Habc',
      'to jane@example.com',
      'password=x https://u:p@h.example/?token=1',
    ]) {
      const once = redactText(input);
      expect(redactText(once)).toBe(once);
    }
  });
});

describe('the helpers', () => {
  test('maskEmails keeps the first character and the domain', () => {
    expect(maskEmails('to: Bob+shop@mail.example.co.uk, cc a@b.io')).toBe(
      'to: B***@mail.example.co.uk, cc a***@b.io',
    );
  });

  test('isSignedUrl recognises credential-bearing queries', () => {
    expect(isSignedUrl('https://x/?X-Goog-Signature=1&X-Goog-Expires=60')).toBe(true);
    expect(isSignedUrl('https://x/?Expires=1&Signature=2')).toBe(true);
    expect(isSignedUrl('https://x/?page=2')).toBe(false);
    expect(isSignedUrl('https://x/')).toBe(false);
  });

  test('redactUrl hides a Slack webhook path', () => {
    expect(redactUrl('https://hooks.slack.com/services/T0/B0/XXXX')).toBe(
      `https://hooks.slack.com/services/${REDACTED}`,
    );
  });
});

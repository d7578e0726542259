import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSecretKey, maskEmails, REDACTED, redactFields, redactText, redactUrl } from './redact';

describe('maskEmails', () => {
  it('keeps the first character and the domain', () => {
    expect(maskEmails('jane.doe@example.com')).toBe('j***@example.com');
    expect(maskEmails('to: Bob+shop@mail.example.co.uk, cc a@b.io')).toBe(
      'to: B***@mail.example.co.uk, cc a***@b.io',
    );
  });

  it('leaves text without addresses and already masked addresses alone', () => {
    expect(maskEmails('no address @ here')).toBe('no address @ here');
    expect(maskEmails('j***@example.com')).toBe('j***@example.com');
  });
});

describe('isSecretKey', () => {
  it.each([
    'token',
    'accessToken',
    'refresh_token',
    'secret',
    'STRIPE_SECRET_KEY',
    'password',
    'db_passwd',
    'apiKey',
    'api_key',
    'API-KEY',
    'apikey',
    'authorization',
    'Authorization',
    'x-auth',
    'signature',
    'X-Amz-Signature',
    'stripe-signature',
    'cookie',
    'Set-Cookie',
    'key',
    'stripe_key',
    'privateKey',
    'accesskey',
    'credentials',
    'jwt',
    'webhookSecret',
  ])('%s is a secret', (name) => {
    expect(isSecretKey(name)).toBe(true);
  });

  it.each([
    'idempotencyKey',
    'idempotency_key',
    'dedupeKey',
    'publicKey',
    'email',
    'author',
    'operation',
    'attempts',
    'error',
    'code',
    'errorCode',
    'sessionId',
    'purchaseId',
    'monkey',
    'keyboard',
    'tokenizer_version',
  ])('%s is not a secret', (name) => {
    expect(isSecretKey(name)).toBe(false);
  });
});

describe('redactUrl', () => {
  it('redacts token-like query parameters and keeps the rest', () => {
    expect(redactUrl('https://x.example.com/d/abc?token=s3cr3t&part=2')).toBe(
      `https://x.example.com/d/abc?token=${REDACTED}&part=2`,
    );
    expect(
      redactUrl(
        'https://bucket.s3.amazonaws.com/f.csv?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2F20260101&X-Amz-Signature=ab12&X-Amz-Expires=300',
      ),
    ).toBe(
      `https://bucket.s3.amazonaws.com/f.csv?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${REDACTED}&X-Amz-Signature=${REDACTED}&X-Amz-Expires=300`,
    );
    expect(redactUrl('https://a.example/cb?code=xyz&state=1&sig=zz&api_key=k')).toBe(
      `https://a.example/cb?code=${REDACTED}&state=1&sig=${REDACTED}&api_key=${REDACTED}`,
    );
  });

  it('redacts tokens in the fragment, a password in the user info, and a Slack webhook path', () => {
    expect(redactUrl('https://app.example/#access_token=abc&type=bearer')).toBe(
      `https://app.example/#access_token=${REDACTED}&type=bearer`,
    );
    expect(redactUrl('https://admin:hunter2@db.example.com:5432/x')).toBe(
      `https://admin:${REDACTED}@db.example.com:5432/x`,
    );
    expect(redactUrl('https://hooks.slack.com/services/T000/B000/XXXXXXXX')).toBe(
      `https://hooks.slack.com/services/${REDACTED}`,
    );
  });

  it('masks email addresses in parameter values, encoded or not', () => {
    expect(redactUrl('https://a.example/u?email=jane%40example.com&next=/x')).toBe(
      'https://a.example/u?email=j***@example.com&next=/x',
    );
  });

  it('leaves a URL without secrets exactly as written', () => {
    const url = 'https://admin.example.com/failed-operations/42?kind=email&status=open#top';
    expect(redactUrl(url)).toBe(url);
  });
});

describe('redactText', () => {
  it.each([
    ['key sk_live_51HxYzAbCdEf123 leaked', `key sk_live_${REDACTED} leaked`],
    ['rk_test_abcdefgh1234', `rk_test_${REDACTED}`],
    ['secret whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', `secret whsec_${REDACTED}`],
    ['Resend key re_123abcde_AbCdEfGhIjKlMnOpQrStUvWx', `Resend key re_${REDACTED}`],
    ['xoxb-1234-5678-abcdefghij', `xoxb-${REDACTED}`],
    ['ghp_abcdefghijklmnopqrstuvwxyz0123456789', `ghp_${REDACTED}`],
    ['aws AKIAIOSFODNN7EXAMPLE', `aws AKIA${REDACTED}`],
    ['jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlX2hlcmU', `jwt ${REDACTED}`],
    ['header Bearer abc.def-123_456', `header Bearer ${REDACTED}`],
    ['password=hunter2 user=bob', `password=${REDACTED} user=bob`],
    ['{"api_key":"abc123"}', `{"api_key":${REDACTED}}`],
    ['blob Zx8Qw2Lp9Rt5Yu1Io3Pa7Sd4Fg6Hj0Kl2Zx8Qw2Lp9Rt end', `blob ${REDACTED} end`],
  ])('redacts %s', (input, expected) => {
    expect(redactText(input)).toBe(expected);
  });

  it('redacts URLs inside text without swallowing trailing punctuation', () => {
    expect(redactText('Link (https://x.example/d?token=abc&id=1), then jane@example.com.')).toBe(
      `Link (https://x.example/d?token=${REDACTED}&id=1), then j***@example.com.`,
    );
  });

  it('keeps ordinary operational text readable', () => {
    const text =
      'purchase/email.send failed after 3 attempts: Resend rejected the email (validation_error, 403); ' +
      'event evt_1NXyzAbc123 for session cs_test_a1b2c3 at /srv/app/src/inngest/functions/send-purchase-email.ts, ' +
      'id 7f3c2a9e-1b2d-4c5e-8f90-123456789abc, Basic authentication failed, are_you_sure, re_send_email';
    expect(redactText(text)).toBe(text);
  });

  it('is idempotent and never lets a generated Stripe key or address through', () => {
    const alnum = fc.string({
      unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'),
      minLength: 12,
      maxLength: 40,
    });
    const local = fc.string({
      unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789._'),
      minLength: 2,
      maxLength: 20,
    });
    fc.assert(
      fc.property(fc.string(), alnum, local, fc.string(), (before, key, user, after) => {
        const input = `${before} sk_live_${key} ${user}a@example.com ${after}`;
        const once = redactText(input);
        expect(redactText(once)).toBe(once);
        expect(once).not.toContain(key);
        expect(once).not.toContain(`${user}a@example.com`);
      }),
    );
  });
});

describe('redactFields', () => {
  it('redacts secret-looking names whole, redacts text in other values, drops empty values', () => {
    expect(
      redactFields({
        operation: 'purchase/email.send',
        attempts: 3,
        ok: false,
        userEmail: 'jane@example.com',
        apiKey: 'plain-looking',
        authorization: 'Bearer xyz',
        downloadUrl: 'https://x.example/d?token=abc',
        idempotencyKey: 'receipt:pur_123',
        note: null,
        extra: undefined,
      }),
    ).toEqual({
      operation: 'purchase/email.send',
      attempts: '3',
      ok: 'false',
      userEmail: 'j***@example.com',
      apiKey: REDACTED,
      authorization: REDACTED,
      downloadUrl: `https://x.example/d?token=${REDACTED}`,
      idempotencyKey: 'receipt:pur_123',
    });
  });
});

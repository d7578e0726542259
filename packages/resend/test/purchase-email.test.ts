import { isValidationError } from '@lifeline/core';
import { describe, expect, it } from 'vitest';
import { escapeHtml, purchaseConfirmationEmail } from '../src/index';

const input = {
  userName: 'Jane Doe',
  userEmail: 'jane@example.com',
  downloadUrl: 'https://leads.example.com/download/abc?token=t1&part=2',
  totalLeads: 250,
  totalPrice: 4999,
  expiresAt: '2026-02-12T23:41:00Z',
};

function thrown(fn: () => unknown): any {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return expect.fail('expected a throw');
}

describe('purchaseConfirmationEmail', () => {
  it('shows the download link, lead count, total and expiry in HTML and text', () => {
    const email = purchaseConfirmationEmail(input);

    expect(email.subject).toBe('Your 250 leads are ready to download');
    for (const body of [email.html, email.text]) {
      expect(body).toContain('Hi Jane Doe,');
      expect(body).toContain('250 leads');
      expect(body).toContain('$49.99');
      expect(body).toContain('February 12, 2026 at 23:41 UTC');
      expect(body).toContain('jane@example.com');
    }
    expect(email.html).toContain('href="https://leads.example.com/download/abc?token=t1&amp;part=2"');
    expect(email.text).toContain('Download: https://leads.example.com/download/abc?token=t1&part=2');
    expect(email.html).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
    expect(email.html).toContain('<th scope="row"');
    expect(email.html).not.toMatch(/<style|<script/);
  });

  it('reads totalPrice in minor units of the currency', () => {
    expect(purchaseConfirmationEmail({ ...input, totalPrice: 123450, currency: 'eur' }).text).toContain(
      '€1,234.50',
    );
    expect(purchaseConfirmationEmail({ ...input, totalPrice: 500, currency: 'JPY' }).text).toContain('¥500');
    const error = thrown(() => purchaseConfirmationEmail({ ...input, totalPrice: 49.99 }));
    expect(error.message).toContain('totalPrice is in minor units (cents)');
  });

  it('uses the product name, a singular lead and a support address when given', () => {
    const email = purchaseConfirmationEmail({
      ...input,
      totalLeads: 1,
      productName: 'SaaS founders\nBCC: x@evil.test',
      supportEmail: 'help@example.com',
      expiresAt: new Date('2026-03-01T08:00:00Z'),
    });
    expect(email.subject).toBe('Your SaaS founders BCC: x@evil.test download is ready (1 lead)');
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.text).toContain('  Product:      SaaS founders BCC: x@evil.test');
    expect(email.html).toContain('href="mailto:help@example.com"');
    expect(email.text).toContain('write to help@example.com');
    expect(email.text).toContain('March 1, 2026 at 08:00 UTC');
  });

  it('escapes every interpolated value: a <script> name stays text', () => {
    const email = purchaseConfirmationEmail({
      ...input,
      userName: '<script>alert("x")</script>',
      productName: `<img src=x onerror='alert(1)'>`,
    });
    expect(email.html).not.toContain('<script>');
    expect(email.html).not.toContain('<img');
    expect(email.html).toContain('Hi &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;,');
    expect(email.html).toContain('&lt;img src=x onerror=&#39;alert(1)&#39;&gt;');
    expect(email.text).toContain('Hi <script>alert("x")</script>,'); // plain text needs no escaping
  });

  it.each(['javascript:alert(1)', 'data:text/html,<b>x</b>', 'ftp://example.com/f', '/relative/path'])(
    'rejects the download URL %s',
    (downloadUrl) => {
      const error = thrown(() => purchaseConfirmationEmail({ ...input, downloadUrl }));
      expect(isValidationError(error)).toBe(true);
      expect(error.message).toContain('downloadUrl must be an absolute http(s) URL');
    },
  );

  it('names every invalid field', () => {
    const error = thrown(() =>
      purchaseConfirmationEmail({
        ...input,
        userEmail: 'nope',
        totalLeads: 0,
        expiresAt: 'soon',
        currency: 'dollars',
      }),
    );
    expect(error.message).toMatch(/userEmail: .*received "nope"/);
    expect(error.message).toMatch(/totalLeads: .*received 0/);
    expect(error.message).toMatch(/currency: currency must be an ISO 4217 code/);
    expect(error.message).toMatch(/expiresAt: expiresAt must be a valid date/);
  });
});

describe('escapeHtml', () => {
  it('escapes the five HTML-significant characters and nothing else', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a> ok`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt; ok',
    );
  });
});

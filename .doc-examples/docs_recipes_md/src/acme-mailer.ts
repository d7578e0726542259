// docs/recipes.md:371
import type { Mailer } from '@lifeline/core';

export function acmeMailer(options: { apiKey: string; from: string; baseUrl?: string }): Mailer {
  const baseUrl = options.baseUrl ?? 'https://api.acme-mail.example';
  return {
    async send(message, { idempotencyKey, signal }) {
      const response = await fetch(`${baseUrl}/emails`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${options.apiKey}`,
          'content-type': 'application/json',
          'idempotency-key': idempotencyKey,
        },
        body: JSON.stringify({ from: options.from, ...message }),
        signal,
      });
      if (response.ok) return { id: ((await response.json()) as { id: string }).id };
      // 408/425/429/5xx are retried (429 after Retry-After), other 4xx go to the dead-letter store.
      throw Object.assign(new Error(`acme-mail answered ${response.status}: ${await response.text()}`), {
        status: response.status,
        headers: response.headers,
      });
    },
  };
}

export {};

import { PermanentError } from '@lifeline/core';

/**
 * The delivery target resolves to an address the SSRF guard refuses (private, loopback, link-local,
 * multicast, …) and no `allowAddresses` entry covers it. Permanent: retrying reaches the same place.
 */
export class UnsafeWebhookTargetError extends PermanentError {
  constructor(
    /** The host of the refused URL. */
    readonly host: string,
    /** The address it resolved to. */
    readonly address: string,
  ) {
    super(
      `webhook target ${host} resolves to ${address}, which is not a public address; refused (SSRF guard). ` +
        'If this partner really lives on a private network, list it in allowAddresses.',
    );
  }
}

/** The endpoint answered with a status other than 2xx. Carries the status and `Retry-After` for classification. */
export class WebhookResponseError extends Error {
  constructor(
    /** The HTTP status the endpoint answered with. */
    readonly status: number,
    /** The answer's `Retry-After` in ms, when it sent one. */
    readonly retryAfterMs: number | undefined,
    /** The first bytes of the answer, for the dead letter. */
    readonly bodySnippet: string,
  ) {
    super(`the endpoint answered HTTP ${status}${bodySnippet ? `: ${bodySnippet}` : ''}`);
    this.name = 'WebhookResponseError';
  }
}

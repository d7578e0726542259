import {
  createLifeline,
  defineOperation,
  inProcessQueue,
  type Logger,
  memoryAlerter,
  PermanentError,
  virtualClock,
} from '@lifeline/core';
import { z } from 'zod';
import { bearerTokenAuthorizer } from '../src/auth/bearer-token-authorizer';
import { createAdminHandler } from '../src/create-admin-handler';
import type { AdminHandlerOptions } from '../src/options';

/** The admin token every test uses. */
export const TOKEN = 'test-admin-token-0123456789abcdef';
/** The origin requests are sent to. */
export const ORIGIN = 'http://admin.test';
/** A signed download link like the incident's (an S3 presigned URL). */
export const SIGNED_URL =
  'https://files.example.com/leads/p_1.csv?X-Amz-Expires=3600&X-Amz-Signature=deadbeefcafe';

const emailSchema = z.object({
  purchaseId: z.string(),
  userEmail: z.string(),
  downloadUrl: z.string(),
  apiKey: z.string().optional(),
});
const webhookSchema = z.object({ eventId: z.string(), sessionId: z.string() });
const jobSchema = z.object({ id: z.string() });

/** Log lines a test can inspect. */
export function recordingLogger(): Logger & {
  lines: Array<{ level: string; message: string; fields?: Record<string, unknown> }>;
} {
  const lines: Array<{ level: string; message: string; fields?: Record<string, unknown> }> = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    void lines.push({ level, message, fields });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/**
 * A real Lifeline (in-process queue, memory stores, virtual clock) and the admin handler over it, seeded
 * by sending work that fails: 3 emails (SMTP outage), 2 webhooks (permanent error with a cause), 1 job,
 * each an hour apart, plus 4 emails that succeed. `fixed` holds ids whose next run succeeds.
 */
export async function seededAdmin(options: Partial<AdminHandlerOptions> = {}) {
  const clock = virtualClock({ start: Date.UTC(2026, 0, 10, 6) });
  const fixed = new Set<string>();
  const logger = recordingLogger();
  const email = defineOperation({
    name: 'purchase/email.send',
    kind: 'email',
    schema: emailSchema,
    retry: { attempts: 2, backoff: { initialMs: 1_000, jitter: 'none' } },
    idempotencyKey: (d) => `receipt:${d.purchaseId}`,
    run: async (d) => {
      if (!d.purchaseId.startsWith('ok') && !fixed.has(d.purchaseId))
        throw new Error(`SMTP 503 while sending to ${d.userEmail}`);
    },
  });
  const webhook = defineOperation({
    name: 'stripe/webhook.received',
    kind: 'webhook',
    schema: webhookSchema,
    retry: { attempts: 1 },
    idempotencyKey: (d) => `stripe:${d.eventId}`,
    run: async (d) => {
      if (fixed.has(d.eventId)) return;
      throw new PermanentError('Purchase not found for checkout session', {
        cause: new Error(`no row for ${d.sessionId}`),
      });
    },
  });
  const job = defineOperation({
    name: 'reports/nightly',
    kind: 'job',
    schema: jobSchema,
    retry: { attempts: 1 },
    run: async (d) => {
      if (!fixed.has(d.id)) throw new Error('<img src=x onerror=alert(1)> report store offline');
    },
  });
  const alerter = memoryAlerter();
  const lifeline = createLifeline({
    operations: [email, webhook, job],
    clock,
    logger,
    alerter,
    queue: inProcessQueue({ concurrency: 4 }),
  });
  const settle = () => clock.run(lifeline.drain());
  for (let i = 1; i <= 3; i++) {
    await lifeline.send(email, {
      purchaseId: `p_${i}`,
      userEmail: `buyer${i}@example.com`,
      downloadUrl: SIGNED_URL.replace('p_1', `p_${i}`),
      apiKey: 're_live_secret_key_value',
    });
    await settle();
    await clock.advance(3_600_000);
  }
  for (let i = 1; i <= 2; i++) {
    await lifeline.send(webhook, { eventId: `evt_${i}`, sessionId: `cs_${i}` });
    await settle();
    await clock.advance(3_600_000);
  }
  await lifeline.send(job, { id: 'nightly-1' });
  for (let i = 1; i <= 4; i++)
    await lifeline.send(email, {
      purchaseId: `ok_${i}`,
      userEmail: 'ok@example.com',
      downloadUrl: 'https://example.com/x',
    });
  await settle();
  await clock.advance(60_000);

  const handler = createAdminHandler({
    lifeline,
    authorize: bearerTokenAuthorizer({ token: TOKEN, admin: 'ada' }),
    ...options,
  });

  /** Sends a request to the handler (advancing the virtual clock while it waits) and reads the JSON body. */
  async function call(
    path: string,
    init: { method?: string; body?: unknown; headers?: Record<string, string>; token?: string | null } = {},
  ) {
    const method = init.method ?? (init.body === undefined ? 'GET' : 'POST');
    const headers: Record<string, string> = {};
    if (init.token !== null) headers.authorization = `Bearer ${init.token ?? TOKEN}`;
    if (method !== 'GET') {
      headers.origin = ORIGIN;
      headers['content-type'] = 'application/json';
    }
    Object.assign(headers, init.headers);
    for (const [key, value] of Object.entries(headers)) if (value === '') delete headers[key];
    const body =
      init.body === undefined
        ? undefined
        : typeof init.body === 'string'
          ? init.body
          : JSON.stringify(init.body);
    const response = await clock.run(
      handler(new Request(`${ORIGIN}${path}`, { method, headers, ...(body === undefined ? {} : { body }) })),
    );
    const text = await response.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, json, text };
  }

  /** Every entry, newest first. */
  async function entries() {
    return (await lifeline.deadLetters.list({ limit: 500 })).items;
  }

  return { lifeline, clock, handler, fixed, logger, alerter, call, entries, settle };
}

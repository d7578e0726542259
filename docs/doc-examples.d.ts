/**
 * The app around the documentation's examples. `scripts/check-doc-examples.mjs` typechecks every
 * TypeScript example in the doc comments and guides with these names in scope, so a fragment such as
 * `await lifeline.send(sendReceipt, { purchaseId: 'p_1', email: 'ada@example.com' })` is checked against
 * the real signatures without repeating the setup in every example. Everything else an example uses it
 * must declare or import itself (names exported by `@lifeline/*` and `z` from zod are imported for it).
 * Keep this list short: an example that needs more context should show it.
 */
/** The payload of the receipt operation the examples send. */
type DocExampleReceiptSchema = import('zod').ZodObject<{
  purchaseId: import('zod').ZodString;
  email: import('zod').ZodString;
  downloadUrl: import('zod').ZodOptional<import('zod').ZodString>;
}>;

/** The app's own database, as far as the examples use it. */
interface DocExampleDatabase {
  purchases: {
    /** Marks the purchase of a Checkout Session paid (an upsert: safe to repeat). */
    markPaid(sessionId: string): Promise<void>;
    /** The purchase of a Checkout Session, if any. */
    findBySession(
      sessionId: string,
    ): Promise<{ id: string; status: 'pending' | 'paid' | 'fulfilled' } | undefined>;
    /** Checkout Session ids of purchases fulfilled since `since`. */
    sessionIdsSince(since: Date): Promise<string[]>;
  };
}

/** The app's runtime: `createLifeline({ operations, … })`. */
declare const lifeline: import('@lifeline/core').Lifeline;
/** Every operation the app defines. */
declare const operations: import('@lifeline/core').AnyOperation[];
/** `defineOperation({ name: 'purchase/email.send', kind: 'email', schema: ReceiptSchema, … })`. */
declare const sendReceipt: import('@lifeline/core').Operation<
  DocExampleReceiptSchema,
  import('@lifeline/core').SentEmail
>;
/** The app's mailer, e.g. `resendMailer({ client, from })`. */
declare const mailer: import('@lifeline/core').Mailer;
/** The app's alerter, e.g. `slackAlerter({ webhookUrl })`. */
declare const alerter: import('@lifeline/core').Alerter;
/** The app's dead-letter store, e.g. `postgresDeadLetterStore(sql)`. */
declare const deadLetters: import('@lifeline/core').DeadLetterStore;
/** The app's idempotency store, e.g. `postgresIdempotencyStore(sql)`. */
declare const idempotency: import('@lifeline/core').IdempotencyStore;
/** The app's operation log, e.g. `postgresOperationLog(sql)`. */
declare const log: import('@lifeline/core').OperationLog;
/** A database client for `@lifeline/postgres`, e.g. `pgPoolClient(pool)`. */
declare const sql: import('@lifeline/postgres').SqlClient;
/** A `pg` connection pool. */
declare const pool: import('pg').Pool;
/** The app's database. */
declare const db: DocExampleDatabase;
/** `new Stripe(process.env.STRIPE_SECRET_KEY!, { maxNetworkRetries: 0 })`. */
declare const stripe: import('stripe').Stripe;
/** `createClient(url, serviceRoleKey, { realtime: { transport: ws } })` from `@supabase/supabase-js`. */
declare const supabase: import('@supabase/supabase-js').SupabaseClient;
/** `new Inngest({ id: 'shop' })`. */
declare const inngest: import('inngest').Inngest;
/** `fulfilCheckout({ idempotency, stripe, fulfil })`. */
declare const checkout: import('@lifeline/stripe').CheckoutOperations;
/** Where reconciliation keeps its cursor, e.g. `postgresCursorStore(sql)`. */
declare const cursorStore: import('@lifeline/stripe').CursorStore;
/** Did this Checkout Session get what it paid for? (The app's source of truth.) */
declare const isFulfilled: (sessionId: string) => Promise<boolean>;
/** vitest's `expect`, for examples written as tests. */
declare const expect: typeof import('vitest').expect;

/** A Next.js app's module that creates the Lifeline (`@/` is the usual alias of `src/`), as in the recipes. */
declare module '@/lib/lifeline' {
  export const lifeline: import('@lifeline/core').Lifeline;
  export const handleStripeWebhook: (request: Request) => Promise<Response>;
  export const admin: import('@lifeline/admin').AdminHandler;
}

/** The app's admin handler: `createAdminHandler({ lifeline, authorize })` (the README's `@/lib/admin`). */
declare const admin: import('@lifeline/admin').AdminHandler;
declare module '@/lib/admin' {
  export const admin: import('@lifeline/admin').AdminHandler;
}
/** The app's Stripe webhook endpoint: `stripeWebhookHandler({ stripe, secret, lifeline, events })`. */
declare const handleStripeWebhook: (request: Request) => Promise<Response>;
/** The Stripe webhook signing secret (`whsec_…`). */
declare const secret: string;

// Web frameworks the READMEs mount handlers in, reduced to what the snippets use (none is installed here).
/** A Hono request context. */
interface DocExampleHonoContext {
  req: { raw: Request };
}
/** An Express request and response, as far as the snippets use them. */
interface DocExampleExpressRequest {
  body: Buffer;
  get(name: string): string | undefined;
}
interface DocExampleExpressResponse {
  status(code: number): { json(body: unknown): void };
}
/**
 * "The app" of a framework snippet: a Hono app (`app.all`, `app.post` with a context), an Express app
 * (`app.post` with middleware), or a fetch handler (`app(request)`).
 */
interface DocExampleApp {
  (request: Request): Response | Promise<Response>;
  all(path: string, handler: (c: DocExampleHonoContext) => Response | Promise<Response>): void;
  post(path: string, handler: (c: DocExampleHonoContext) => Response | Promise<Response>): void;
  post(
    path: string,
    middleware: unknown,
    handler: (req: DocExampleExpressRequest, res: DocExampleExpressResponse) => Promise<void>,
  ): void;
}
declare const app: DocExampleApp;
/** Express, for `express.raw()`. */
declare const express: { raw(options: { type: string; limit: string }): unknown };
/** Bun's and Deno's servers. */
declare const Bun: { serve(options: { fetch: (request: Request) => Response | Promise<Response> }): unknown };
declare const Deno: { serve(handler: (request: Request) => Response | Promise<Response>): unknown };

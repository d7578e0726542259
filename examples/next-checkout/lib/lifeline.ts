import { type AdminHandler, bearerTokenAuthorizer, createAdminHandler } from '@lifeline/admin';
import { consoleLogger, createLifeline, type Lifeline } from '@lifeline/core';
import { inngestFunctions, inngestQueue } from '@lifeline/inngest';
import {
  postgresCursorStore,
  postgresDeadLetterStore,
  postgresIdempotencyStore,
  postgresOperationLog,
  postgresQueue,
  postgresThrottleStore,
} from '@lifeline/postgres';
import {
  RECONCILE_CRON,
  reconcileOperation,
  scheduleReconciliation,
  stripeWebhookHandler,
} from '@lifeline/stripe';
import { cron, Inngest } from 'inngest';
import { serve } from 'inngest/next';
import Stripe from 'stripe';
import { chooseAlerter, chooseMailer } from './adapters';
import { adminToken } from './admin-token';
import { checkoutFulfilment } from './checkout';
import { type Database, openDatabase } from './database';
import { type AppEnv, readEnv, usesInngest } from './env';
import { purchases } from './purchases';
import { sendReceipt } from './receipt';
import { localWebhookSecret, type SimulatedStripe, simulatedStripe } from './simulated-stripe';

/** Everything the routes use, wired once per server process. */
export interface CheckoutApp {
  env: AppEnv;
  lifeline: Lifeline;
  db: Database;
  /** The Stripe API client, when STRIPE_SECRET_KEY is set (real Checkout); undefined offline. */
  stripe: Stripe | undefined;
  /** The webhook endpoint: with STRIPE_WEBHOOK_SECRET, or offline (a generated secret). */
  stripeWebhook: ((request: Request) => Promise<Response>) | undefined;
  /** Offline (no STRIPE_SECRET_KEY): pays purchases by posting Stripe's signed webhook to the app. */
  simulatedCheckout: SimulatedStripe | undefined;
  admin: AdminHandler;
  /** Inngest's serve handlers, when Inngest is configured. */
  inngest: ReturnType<typeof serve> | undefined;
  /** Which adapter does what, for the storefront and the start-up log. */
  setup: { payments: string; database: string; queue: string; mailer: string; alerter: string };
}

const HEALTH_CHECK_EVERY_MS = 15 * 60_000;

async function boot(): Promise<CheckoutApp> {
  const env = readEnv();
  const logger = consoleLogger();
  const db = await openDatabase(env, logger);
  const idempotency = postgresIdempotencyStore(db.sql);
  // Lifeline does the retrying, so the SDK must not retry on its own as well.
  const stripe = env.STRIPE_SECRET_KEY
    ? new Stripe(env.STRIPE_SECRET_KEY, { maxNetworkRetries: 0, timeout: 10_000 })
    : undefined;
  const checkout = checkoutFulfilment({ sql: db.sql, idempotency, stripe, appUrl: env.APP_URL });
  // Finds paid sessions whose webhook never came (or whose work was lost) and fulfils them: hourly.
  const reconcile = stripe
    ? reconcileOperation({
        stripe,
        operation: checkout.completed,
        isFulfilled: (sessionId) => purchases.isPaidBySession(db.sql, sessionId),
        cursorStore: postgresCursorStore(db.sql),
      })
    : undefined;
  const inngest = usesInngest(env) ? new Inngest({ id: 'lifeline-next-checkout' }) : undefined;
  const mail = chooseMailer(env);
  const alert = chooseAlerter(env, logger);

  const lifeline = createLifeline({
    operations: [sendReceipt, ...checkout.operations, ...(reconcile ? [reconcile] : [])],
    // Durable either way: a job row in the app's own database (committed before `send` resolves), or
    // an event Inngest accepted. A crash or a deploy loses no work, and retry backoff survives it.
    queue: inngest ? inngestQueue({ client: inngest }) : postgresQueue({ sql: db.sql, listen: db.listen }),
    deadLetters: postgresDeadLetterStore(db.sql),
    idempotency,
    log: postgresOperationLog(db.sql),
    throttleStore: postgresThrottleStore(db.sql),
    mailer: mail.mailer,
    alerter: alert.alerter,
    logger,
    adminUrl: `${env.APP_URL}/admin`,
  });

  if (!inngest) {
    const checkHealth = () =>
      lifeline.checkHealth().catch((error: unknown) => logger.error('health check failed', { error }));
    setInterval(checkHealth, HEALTH_CHECK_EVERY_MS).unref();
    if (reconcile) scheduleReconciliation({ lifeline, operation: reconcile });
  }

  // Offline, the simulated checkout signs its webhooks with STRIPE_WEBHOOK_SECRET, or a secret made up
  // for this process. With a real Stripe key and no signing secret, the route refuses events (503).
  const webhookSecret = env.STRIPE_WEBHOOK_SECRET ?? (stripe ? undefined : localWebhookSecret());
  const stripeWebhook = webhookSecret
    ? stripeWebhookHandler({
        // Verifying a signature needs no API key: the SDK's static webhooks helper does it offline.
        stripe: stripe ?? { webhooks: Stripe.webhooks },
        secret: webhookSecret,
        lifeline,
        events: checkout.events,
      })
    : undefined;
  const simulatedCheckout =
    !stripe && webhookSecret ? simulatedStripe({ appUrl: env.APP_URL, webhookSecret, logger }) : undefined;

  const admin = createAdminHandler({
    lifeline,
    basePath: '/admin',
    // Next gives route handlers a request URL on `localhost` whatever the Host was, so the admin's
    // same-origin check for retry/resolve/sign-in is told the app's public origin.
    allowedOrigins: [new URL(env.APP_URL).origin],
    authorize: bearerTokenAuthorizer({ token: await adminToken(env, logger), admin: 'admin' }),
  });

  const setup = {
    payments: stripe
      ? 'Stripe Checkout'
      : 'simulated checkout (no STRIPE_SECRET_KEY): a signed webhook to /api/webhooks/stripe',
    database: db.label,
    queue: inngest ? 'Inngest' : `postgresQueue (${db.label})`,
    mailer: mail.label,
    alerter: alert.label,
  };
  logger.info('next-checkout: Lifeline is ready', setup);

  return {
    env,
    lifeline,
    db,
    stripe,
    stripeWebhook,
    simulatedCheckout,
    admin,
    inngest: inngest && serveInngest(inngest, lifeline, reconcile),
    setup,
  };
}

function serveInngest(
  client: Inngest,
  lifeline: Lifeline,
  reconcile: ReturnType<typeof reconcileOperation> | undefined,
): ReturnType<typeof serve> {
  const functions = inngestFunctions(lifeline);
  if (reconcile) {
    functions.push(
      client.createFunction(
        { id: 'stripe-reconcile-schedule', triggers: [cron(RECONCILE_CRON)] },
        // One run per hourly slot: the slot start is the job's idempotency key.
        async () =>
          lifeline.send(reconcile, { scheduledFor: Math.floor(Date.now() / 3_600_000) * 3_600_000 }),
      ),
    );
  }
  return serve({ client, functions });
}

const KEY = Symbol.for('@lifeline/example-next-checkout');
type Holder = typeof globalThis & { [KEY]?: Promise<CheckoutApp> };

/**
 * The app's Lifeline and everything wired to it, created on first use and shared by every route.
 *
 * Kept on `globalThis`, so Next's dev hot reloads and its separately bundled routes share one instance:
 * two would open the PGlite folder twice (which corrupts it) and run two relays. Changes to `lib/` take
 * effect after a server restart. A failed start is not cached: the next request tries again.
 */
export function checkoutApp(): Promise<CheckoutApp> {
  const holder = globalThis as Holder;
  holder[KEY] ??= boot().catch((error: unknown) => {
    delete holder[KEY];
    throw error;
  });
  return holder[KEY];
}

// docs/recipes.md:34
import { bearerTokenAuthorizer, createAdminHandler } from '@lifeline/admin';
import { consoleAlerter, createLifeline, PermanentError } from '@lifeline/core';
import {
  migrate,
  pgPoolClient,
  postgresCursorStore,
  postgresDeadLetterStore,
  postgresIdempotencyStore,
  postgresOperationLog,
  postgresThrottleStore,
} from '@lifeline/postgres';
import { resendMailer } from '@lifeline/resend';
import { slackAlerter } from '@lifeline/slack';
import { fulfilCheckout, reconcileOperation, scheduleReconciliation, stripeWebhookHandler } from '@lifeline/stripe';
import pg from 'pg';
import { Resend } from 'resend';
import Stripe from 'stripe';
import { sendPurchaseEmail } from './purchase-email'; // the next recipe

const sql = pgPoolClient(new pg.Pool({ connectionString: process.env.DATABASE_URL }));
await migrate(sql); // creates or upgrades the `lifeline` schema; safe on every start
const idempotency = postgresIdempotencyStore(sql);

// Lifeline does the retrying: the SDK must not retry on its own as well.
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!, { maxNetworkRetries: 0, timeout: 10_000 });

const checkout = fulfilCheckout({
  idempotency, // the same store the lifeline uses: one fulfilment per Checkout Session
  stripe, // re-reads a session whose event copy is not paid yet (out-of-order events)
  fulfil: async (session, ctx) => {
    const purchaseId = session.metadata?.purchaseId;
    const email = session.customer_details?.email;
    if (!purchaseId || !email) {
      throw new PermanentError(`Checkout Session ${session.id} has no purchaseId metadata or customer email`);
    }
    // An idempotent write: running it twice changes nothing.
    await sql.query("update purchases set status = 'paid', session_id = $2 where id = $1", [purchaseId, session.id]);
    // Queued, not sent inline: the email gets its own retries, dead letter and alert.
    await ctx.send(sendPurchaseEmail, {
      purchaseId,
      userEmail: email,
      totalLeads: Number(session.metadata?.leads ?? 1),
      totalPrice: session.amount_total ?? 0,
      currency: session.currency ?? 'usd',
      // Derived from the session, not from "now", so a re-run sends the very same email.
      expiresAt: new Date((session.created + 7 * 86_400) * 1000).toISOString(),
    });
  },
});

const reconcile = reconcileOperation({
  stripe,
  operation: checkout.completed,
  cursorStore: postgresCursorStore(sql),
  isFulfilled: async (sessionId) => {
    const { rows } = await sql.query<{ status: string }>('select status from purchases where session_id = $1', [sessionId]);
    return rows[0]?.status === 'paid';
  },
});

export const lifeline = createLifeline({
  operations: [...checkout.operations, sendPurchaseEmail, reconcile],
  deadLetters: postgresDeadLetterStore(sql),
  idempotency,
  log: postgresOperationLog(sql),
  throttleStore: postgresThrottleStore(sql),
  mailer: resendMailer({ client: new Resend(process.env.RESEND_API_KEY), from: 'Lead Shop <orders@shop.example.com>' }),
  alerter: process.env.SLACK_WEBHOOK_URL
    ? slackAlerter({ webhookUrl: process.env.SLACK_WEBHOOK_URL, channelLabel: 'checkout · production' })
    : consoleAlerter(),
  adminUrl: 'https://shop.example.com/admin', // links in alerts
});

// Verifies the signature, enqueues, answers: no business work on the ack path.
export const handleStripeWebhook = stripeWebhookHandler({
  stripe,
  secret: process.env.STRIPE_WEBHOOK_SECRET!,
  lifeline,
  events: checkout.events,
});

export const admin = createAdminHandler({
  lifeline,
  authorize: bearerTokenAuthorizer({ token: process.env.LIFELINE_ADMIN_TOKEN!, admin: 'ops' }),
});

scheduleReconciliation({ lifeline, operation: reconcile }); // hourly, on the hour
setInterval(() => void lifeline.checkHealth(), 3_600_000).unref(); // alerts on threshold crossings

export async function startCheckout(purchaseId: string, priceId: string, leads: number): Promise<string> {
  const session = await stripe.checkout.sessions.create(
    {
      mode: 'payment',
      line_items: [{ price: priceId, quantity: 1 }],
      success_url: 'https://shop.example.com/thanks?session_id={CHECKOUT_SESSION_ID}',
      metadata: { purchaseId, leads: String(leads) },
    },
    { idempotencyKey: `checkout:${purchaseId}` },
  );
  return session.url!;
}

export {};

import {
  type Alerter,
  type Clock,
  createLifeline,
  inProcessQueue,
  type Lifeline,
  type LifelineHooks,
  type Logger,
} from '@lifeline/core';
import {
  type OutboxRelay,
  postgresDeadLetterStore,
  postgresIdempotencyStore,
  postgresOperationLog,
  postgresOutbox,
  postgresThrottleStore,
  type SqlClient,
  startOutboxRelay,
} from '@lifeline/postgres';
import { type ResendClient, resendMailer } from '@lifeline/resend';
import { stripeWebhookHandler } from '@lifeline/stripe';
import type Stripe from 'stripe';
import type { Timing } from '../timing';
import { checkoutFulfilment } from './fulfilment';
import type { DownloadLinks } from './ports';
import { type NewPurchase, type PurchaseRepository, purchaseRepository } from './purchases';
import { resendUnfinishedWork } from './resend-unfinished-work';
import { sendReceiptOperation } from './send-receipt';
import { startCheckoutOperation } from './start-checkout';
import { outboxIntake } from './webhook-intake';

/** Everything the shop is wired from. In production: real clients; in the simulation: stand-ins. */
export interface ShopOptions {
  /** The database (PGlite here, `pgPoolClient(pool)` in production), migrated. */
  sql: SqlClient;
  clock: Clock;
  timing: Timing;
  /**
   * `new Stripe(key, { maxNetworkRetries: 0 })` (Lifeline does the retrying): creates Checkout Sessions,
   * re-reads stale ones, and verifies webhook signatures.
   */
  stripe: Pick<Stripe, 'checkout' | 'webhooks'>;
  webhookSecret: string;
  /** `new Resend(key)`. */
  mail: ResendClient;
  downloads: DownloadLinks;
  alerter: Alerter;
  logger: Logger;
  random?: () => number;
  hooks?: LifelineHooks;
  /** The dashboard's URL, for links in alerts. */
  adminUrl?: string;
  /** The shop's public URL, for Stripe's redirects. */
  shopUrl?: string;
  /** Attempts running at once in this process; default 16. */
  concurrency?: number;
}

/** The wired shop. */
export interface Shop {
  lifeline: Lifeline;
  /** `POST /api/webhooks/stripe`. */
  handleStripeWebhook: (request: Request) => Promise<Response>;
  /**
   * `POST /api/purchases`: stores the purchase and queues its checkout in one transaction.
   * False when the purchase existed already (a repeated request).
   */
  placePurchase(purchase: NewPurchase): Promise<boolean>;
  purchases: PurchaseRepository;
  /** The in-process queue, to see whether work is running or waiting. */
  queue: ReturnType<typeof inProcessQueue>;
  /** Re-sends work a crash left unfinished, then starts the outbox relay. Returns how much it re-sent. */
  start(): Promise<{ resent: number }>;
  /** Outbox rows not yet handed to the queue. */
  outboxBacklog(): Promise<number>;
  /** Stops the relay and waits for the queue to finish what it runs. */
  stop(): Promise<void>;
}

/**
 * Wires the shop: the database-backed Lifeline stores, the three kinds of work (start the checkout,
 * fulfil a paid session, email the receipt), the Stripe webhook endpoint, and the outbox relay. This
 * is the one file that knows how things connect; the rest of the app only sends work.
 */
export function createShop(options: ShopOptions): Shop {
  const { sql, clock, timing } = options;
  const outbox = postgresOutbox({ clock });
  const idempotency = postgresIdempotencyStore(sql);
  const purchases = purchaseRepository(clock);
  const sendReceipt = sendReceiptOperation(timing);
  const startCheckout = startCheckoutOperation({
    sql,
    purchases,
    stripe: options.stripe,
    timing,
    shopUrl: options.shopUrl ?? 'https://leads.example',
  });
  const checkout = checkoutFulfilment({
    sql,
    purchases,
    outbox,
    downloads: options.downloads,
    stripe: options.stripe,
    idempotency,
    sendReceipt,
    timing,
  });
  const queue = inProcessQueue({ concurrency: options.concurrency ?? 16 });
  const lifeline = createLifeline({
    operations: [startCheckout, ...checkout.operations, sendReceipt],
    queue,
    deadLetters: postgresDeadLetterStore(sql),
    idempotency,
    log: postgresOperationLog(sql),
    throttleStore: postgresThrottleStore(sql),
    mailer: resendMailer({ client: options.mail, from: 'Lead Market <receipts@leads.example>' }),
    alerter: options.alerter,
    logger: options.logger,
    clock,
    ...(options.random ? { random: options.random } : {}),
    ...(options.hooks ? { hooks: options.hooks } : {}),
    ...(options.adminUrl ? { adminUrl: options.adminUrl } : {}),
  });
  const handleStripeWebhook = stripeWebhookHandler({
    stripe: options.stripe,
    secret: options.webhookSecret,
    lifeline: outboxIntake(lifeline, sql, outbox),
    events: checkout.events,
  });
  let relay: OutboxRelay | undefined;

  return {
    lifeline,
    handleStripeWebhook,
    purchases,
    queue,
    placePurchase: (purchase) =>
      sql.transaction(async (tx) => {
        if (!(await purchases.insert(tx, purchase))) return false;
        await outbox.enqueue(tx, startCheckout, { purchaseId: purchase.id });
        return true;
      }),
    async start() {
      const resent = await resendUnfinishedWork({ sql, lifeline });
      relay = startOutboxRelay({
        sql,
        lifeline,
        clock,
        logger: options.logger,
        pollMs: timing.relayPollMs,
        batchSize: 200,
      });
      return { resent };
    },
    async outboxBacklog() {
      const { rows } = await sql.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM lifeline.outbox WHERE sent_at IS NULL',
      );
      return rows[0]?.n ?? 0;
    },
    async stop() {
      await relay?.stop();
      relay = undefined;
      await lifeline.drain();
    },
  };
}

import {
  type Alerter,
  type Clock,
  createLifeline,
  type Lifeline,
  type LifelineHooks,
  type LifelineInstrumentation,
  type Logger,
} from '@lifeline/core';
import {
  type PostgresQueue,
  postgresDeadLetterStore,
  postgresIdempotencyStore,
  postgresOperationLog,
  postgresQueue,
  postgresThrottleStore,
  type QueueListener,
  type SqlClient,
} from '@lifeline/postgres';
import { type ResendClient, resendMailer } from '@lifeline/resend';
import { stripeWebhookHandler } from '@lifeline/stripe';
import type Stripe from 'stripe';
import type { Timing } from '../timing';
import type { BullmqEngine } from './bullmq-engine';
import { checkoutFulfilment } from './fulfilment';
import type { PartnerNotice } from './partner-notice';
import type { DownloadLinks } from './ports';
import { type NewPurchase, type PurchaseRepository, purchaseRepository } from './purchases';
import { sendReceiptOperation } from './send-receipt';
import { startCheckoutOperation } from './start-checkout';

/** Everything the shop is wired from. In production: real clients; in the simulation: stand-ins. */
export interface ShopOptions {
  /** The database (PGlite here, `pgPoolClient(pool)` in production), migrated. */
  sql: SqlClient;
  /**
   * Wakes the queue's workers when a job is committed (LISTEN/NOTIFY): `pgliteListener(db)` here,
   * `pgListener(pool)` on a server. Without it they find new jobs by polling.
   */
  listen?: QueueListener;
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
  /** Tracing (`--otel`: `lifelineOtel()` from `@lifeline/otel`). */
  instrumentation?: LifelineInstrumentation;
  /** Run the work on BullMQ (`--engine bullmq`) instead of the database's queue table. */
  bullmq?: BullmqEngine;
  /** `--partner-webhooks`: notify a partner of every fulfilled purchase (`partnerNotice(...)`). */
  partner?: PartnerNotice;
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
  /** The durable queue: every piece of work is a row of `lifeline.jobs` (or a BullMQ job) until its result is final. */
  queue: Pick<PostgresQueue, 'stats'> | Pick<BullmqEngine, 'stats'>;
  /** Jobs in the queue's table: waiting, between retries, or running (here or in a dead worker). */
  backlog(): Promise<{ jobs: number; dueUnclaimed: number }>;
  /** Stops taking work and waits for what runs (what waits stays in the table, for the next start). */
  stop(): Promise<void>;
}

/**
 * Wires the shop: the database-backed Lifeline stores and queue, the three kinds of work (start the
 * checkout, fulfil a paid session, email the receipt) and the Stripe webhook endpoint. This is the one
 * file that knows how things connect; the rest of the app only sends work.
 *
 * Nothing needs recovering after a crash: every piece of work is a row of the queue's table from the
 * moment it is committed (with the purchase, with the fulfilment, or alone for a webhook) until its
 * result is final. A worker that dies holds its jobs only until their lease runs out; the next worker
 * runs them again under the same idempotency keys, so what had completed is not repeated.
 */
export function createShop(options: ShopOptions): Shop {
  const { sql, clock, timing, bullmq } = options;
  const queue = bullmq
    ? bullmq.queue
    : postgresQueue({
        sql,
        concurrency: options.concurrency ?? 16,
        pollMs: timing.queuePollMs,
        ...(options.listen ? { listen: options.listen } : {}),
      });
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
    // On BullMQ, work written in a transaction goes through the outbox (see bullmq-engine.ts).
    queue: bullmq ?? (queue as PostgresQueue),
    downloads: options.downloads,
    stripe: options.stripe,
    idempotency,
    sendReceipt,
    timing,
    ...(options.partner ? { partner: options.partner } : {}),
  });
  const lifeline = createLifeline({
    operations: [startCheckout, ...checkout.operations, sendReceipt, ...(options.partner?.operations ?? [])],
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
    ...(options.instrumentation ? { instrumentation: options.instrumentation } : {}),
  });
  bullmq?.start(lifeline);
  // `lifeline.send` resolves once the job row is committed, and the handler answers 200 only then: an
  // event Stripe was told "received" survives a crash a millisecond later.
  const handleStripeWebhook = stripeWebhookHandler({
    stripe: options.stripe,
    secret: options.webhookSecret,
    lifeline,
    events: checkout.events,
  });

  return {
    lifeline,
    handleStripeWebhook,
    purchases,
    queue: bullmq ?? (queue as PostgresQueue),
    placePurchase: (purchase) =>
      sql.transaction(async (tx) => {
        if (!(await purchases.insert(tx, purchase))) return false;
        await (bullmq ?? (queue as PostgresQueue)).enqueueIn(tx, startCheckout, { purchaseId: purchase.id });
        return true;
      }),
    async backlog() {
      if (bullmq) return bullmq.backlog();
      const { rows } = await sql.query<{ jobs: number; due: number }>(
        `SELECT count(*)::int AS jobs,
                (count(*) FILTER (WHERE NOT claimed AND run_at <= to_timestamp($1::float8 / 1000)))::int AS due
         FROM lifeline.jobs`,
        [clock.now()],
      );
      return { jobs: rows[0]?.jobs ?? 0, dueUnclaimed: rows[0]?.due ?? 0 };
    },
    async stop() {
      await lifeline.close({ timeoutMs: 30_000 });
      await bullmq?.stop();
    },
  };
}

import type { Clock } from '@lifeline/core';
import Stripe from 'stripe';
import type { NewPurchase } from '../app/purchases';
import type { DataDirPaths } from '../data-dir';
import type { Timing } from '../timing';
import { downloadLinksStandIn } from './download-links-standin';
import { jsonlJournal } from './journal';
import type { PlannedPurchase } from './plan';
import type { MailRecord } from './resend-standin';
import { type ResendStandIn, resendStandIn } from './resend-standin';
import { type WorldScheduler, worldScheduler } from './scheduler';
import type { StripeRecord } from './stripe-records';
import { type StripeStandIn, stripeStandIn } from './stripe-standin';
import { type WebhookSender, webhookSender } from './webhook-sender';

/** A few customers mistype their address: a twentieth of the fault rate (1% at the default 0.2). */
export const rejectRateFor = (faultRate: number): number => faultRate * 0.05;

/** Options of {@link createWorld}. */
export interface WorldOptions {
  clock: Clock;
  timing: Timing;
  paths: DataDirPaths;
  seed: number;
  /** Chance that one provider call fails for a while (5xx, 429, hangs). */
  faultRate: number;
  /** Share of customers' addresses that do not exist: the mail provider rejects them for good. */
  rejectRate: number;
  duplicates: number;
  /** This run's purchases. */
  plan: readonly PlannedPurchase[];
  /** Epoch ms the run started at: arrivals count from it. */
  runStartedAt: number;
  /** Wraps each webhook request, e.g. to count it as activity. */
  trackRequest?: <T>(request: Promise<T>) => Promise<T>;
}

/** The shop's side the world talks to. */
export interface ShopEndpoints {
  handleStripeWebhook(request: Request): Promise<Response>;
  placePurchase(purchase: NewPurchase): Promise<boolean>;
}

/** Everything outside the shop: customers, Stripe, the mail provider, file storage. */
export interface World {
  /** The simulated Stripe's own records. */
  stripeAccount: StripeStandIn;
  /**
   * What the shop gets as its Stripe client: the real SDK's `webhooks` (signatures are made and checked
   * by the real code), and the simulated Checkout Sessions API.
   */
  stripe: Pick<Stripe, 'checkout' | 'webhooks'>;
  webhookSecret: string;
  /** The simulated Resend. */
  mail: ResendStandIn;
  downloads: ReturnType<typeof downloadLinksStandIn>;
  webhooks: WebhookSender;
  scheduler: WorldScheduler;
  /** Connects the shop, and lets customers who have not bought yet buy (at their planned time). */
  start(shop: ShopEndpoints, alreadyPlaced: ReadonlySet<string>): void;
}

/**
 * Builds the world around the shop. Stripe's and the mail provider's journals are replayed first, so a
 * restarted worker finds the world as it was: sessions paid while it was down get their events
 * delivered, and the provider still remembers which emails it sent.
 */
export function createWorld(options: WorldOptions): World {
  const { clock, timing, seed, faultRate } = options;
  const scheduler = worldScheduler(clock);
  const stripeJournal = jsonlJournal<StripeRecord>(options.paths.stripeJournal);
  const byPurchase = new Map(options.plan.map((purchase) => [purchase.purchaseId, purchase]));
  const sdk = new Stripe('sk_test_simulation', { maxNetworkRetries: 0 });
  const webhookSecret = `whsec_simulation_${seed}`;
  let shop: ShopEndpoints | undefined;
  const connected = () => {
    if (!shop) throw new Error('world: start() must connect the shop before the clock runs');
    return shop;
  };
  const track = options.trackRequest ?? (<T>(request: Promise<T>) => request);

  const webhooks = webhookSender({
    clock,
    scheduler,
    journal: stripeJournal,
    timing,
    seed,
    duplicates: options.duplicates,
    stripe: sdk,
    secret: webhookSecret,
    url: 'http://127.0.0.1:3000/api/webhooks/stripe',
    endpoint: (request) => track(connected().handleStripeWebhook(request)),
    replayFrom: options.runStartedAt,
  });
  const stripeAccount = stripeStandIn({
    clock,
    scheduler,
    journal: stripeJournal,
    seed,
    faultRate,
    customer: (purchaseId) => byPurchase.get(purchaseId),
    onEvent: (event) => webhooks.send(event),
  });
  const mail = resendStandIn({
    clock,
    journal: jsonlJournal<MailRecord>(options.paths.mailJournal),
    timing,
    seed,
    faultRate,
    rejectRate: options.rejectRate,
  });
  const downloads = downloadLinksStandIn({ seed, faultRate });

  return {
    stripeAccount,
    // The stand-in implements the two session calls the shop makes, not the whole resource.
    stripe: { webhooks: sdk.webhooks, checkout: stripeAccount.checkout } as unknown as Pick<
      Stripe,
      'checkout' | 'webhooks'
    >,
    webhookSecret,
    mail,
    downloads,
    webhooks,
    scheduler,
    start(endpoints, alreadyPlaced) {
      shop = endpoints;
      for (const purchase of options.plan) {
        if (alreadyPlaced.has(purchase.purchaseId)) continue;
        scheduler.at(options.runStartedAt + purchase.arrivalMs, async () => {
          await track(
            connected().placePurchase({
              id: purchase.purchaseId,
              email: purchase.email,
              name: purchase.name,
              leads: purchase.leads,
              amountCents: purchase.amountCents,
              currency: 'usd',
            }),
          );
        });
      }
    },
  };
}

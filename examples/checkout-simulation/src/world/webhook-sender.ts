import type { Clock } from '@lifeline/core';
import type Stripe from 'stripe';
import { between, rollFor } from '../random';
import type { Timing } from '../timing';
import type { Journal } from './journal';
import type { WorldScheduler } from './scheduler';
import type { SimulatedEvent, StripeRecord } from './stripe-records';

/** Options of {@link webhookSender}. */
export interface WebhookSenderOptions {
  clock: Clock;
  scheduler: WorldScheduler;
  journal: Journal<StripeRecord>;
  timing: Timing;
  seed: number;
  /** Chance of a duplicate delivery, and of a delayed payment's events arriving out of order. */
  duplicates: number;
  /** A Stripe client: its `webhooks.generateTestHeaderString` signs each delivery. */
  stripe: Pick<Stripe, 'webhooks'>;
  /** The endpoint's signing secret. */
  secret: string;
  /** The app's webhook endpoint. */
  endpoint: (request: Request) => Promise<Response>;
  /** Where the deliveries are POSTed (only used to build the Request). */
  url: string;
  /**
   * Events created before this time (epoch ms) belong to earlier runs, which are over: they are not
   * replayed. (Their deliveries were planned with their own run's seed; planning them again with this
   * run's seed would invent duplicates that never were.)
   */
  replayFrom: number;
}

/** Stripe's side of webhooks, simulated. */
export interface WebhookSender {
  /** Plans the deliveries of a new event. */
  send(event: SimulatedEvent): void;
  /** Deliveries made so far, and how many were refused (not 2xx) and retried. */
  stats(): { delivered: number; refused: number };
}

const MAX_RETRY_MS = 3_600_000;
const seconds = (ms: number) => Math.floor(ms / 1000);

/**
 * Delivers events the way Stripe does, including the parts apps get wrong: some events are delivered
 * twice, a delayed payment's `checkout.session.completed` sometimes arrives after its
 * `async_payment_succeeded`, and any answer but 2xx is retried with a doubling wait until it is 2xx.
 * Each delivery is signed with the real SDK (`generateTestHeaderString`) at the moment it is sent and
 * POSTed to the app's real endpoint as a Web `Request`.
 *
 * Deliveries are journaled; on start, every planned delivery of this run's events not yet answered 2xx
 * is made again.
 */
export function webhookSender(options: WebhookSenderOptions): WebhookSender {
  const { clock, scheduler, journal, timing, seed } = options;
  let delivered = 0;
  let refused = 0;

  /** When each copy of `event` goes out, counted from the event's creation. */
  function plannedLags(event: SimulatedEvent): number[] {
    const roll = (what: string) => rollFor(seed, 'webhook', event.id, what);
    let first = between(roll('lag'), ...timing.deliveryLagMs);
    const late = event.type === 'checkout.session.completed' && event.data.object.payment_status === 'unpaid';
    // Out of order: the completion of a bank debit is held up until after its settlement is delivered.
    if (late && roll('late') < options.duplicates) first += timing.settleDelayMs[1] + timing.deliveryLagMs[1];
    const lags = [first];
    if (roll('duplicate') < options.duplicates)
      lags.push(first + between(roll('again'), ...timing.duplicateLagMs));
    return lags;
  }

  async function deliver(event: SimulatedEvent, copy: number, attempt: number): Promise<void> {
    const payload = JSON.stringify(event);
    const signature = options.stripe.webhooks.generateTestHeaderString({
      payload,
      secret: options.secret,
      timestamp: seconds(clock.now()),
    });
    let status: number;
    try {
      const response = await options.endpoint(
        new Request(options.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'stripe-signature': signature },
          body: payload,
        }),
      );
      status = response.status;
      await response.body?.cancel();
    } catch {
      status = 0; // the connection failed: Stripe counts it as not delivered
    }
    journal.append({ type: 'delivery', at: clock.now(), eventId: event.id, copy, status });
    if (status >= 200 && status < 300) {
      delivered++;
      return;
    }
    refused++;
    const wait = Math.min(MAX_RETRY_MS, timing.webhookRetryMs * 2 ** (attempt - 1));
    scheduler.at(clock.now() + wait, () => deliver(event, copy, attempt + 1));
  }

  function plan(event: SimulatedEvent, createdAt: number, answered: ReadonlySet<string>) {
    plannedLags(event).forEach((lag, index) => {
      const copy = index + 1;
      if (answered.has(`${event.id}#${copy}`)) return;
      scheduler.at(createdAt + lag, () => deliver(event, copy, 1));
    });
  }

  // Replay: deliveries that were never answered 2xx (the app crashed, or refused) go out again.
  const answered = new Set<string>();
  const created: Array<{ event: SimulatedEvent; at: number }> = [];
  for (const record of journal.read()) {
    if (record.type === 'event.created' && record.at >= options.replayFrom) {
      created.push({ event: record.event, at: record.at });
    }
    if (record.type === 'delivery' && record.status >= 200 && record.status < 300) {
      answered.add(`${record.eventId}#${record.copy}`);
    }
  }
  for (const { event, at } of created) plan(event, at, answered);

  return {
    send: (event) => plan(event, clock.now(), answered),
    stats: () => ({ delivered, refused }),
  };
}

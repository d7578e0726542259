/** The fields of a Checkout Session the simulated Stripe keeps (a subset of `Stripe.Checkout.Session`). */
export interface SimulatedSession {
  id: string;
  object: 'checkout.session';
  mode: 'payment';
  status: 'open' | 'complete';
  payment_status: 'unpaid' | 'paid';
  amount_total: number;
  currency: string;
  client_reference_id: string;
  customer_email: string;
  customer_details: { email: string; name: string };
  metadata: Record<string, string>;
  /** Unix seconds. */
  created: number;
  livemode: false;
  url: string;
}

/** A Stripe event as delivered to webhooks (a subset of `Stripe.Event`). */
export interface SimulatedEvent {
  id: string;
  object: 'event';
  type:
    | 'checkout.session.completed'
    | 'checkout.session.async_payment_succeeded'
    | 'checkout.session.async_payment_failed';
  api_version: string;
  /** Unix seconds. */
  created: number;
  livemode: false;
  pending_webhooks: number;
  request: { id: null; idempotency_key: null };
  data: { object: SimulatedSession };
}

/** One line of the simulated Stripe's journal: what Stripe itself would know. */
export type StripeRecord =
  | {
      type: 'session.created';
      /** Epoch ms. */
      at: number;
      idempotencyKey: string;
      session: SimulatedSession;
    }
  | { type: 'event.created'; at: number; event: SimulatedEvent }
  | {
      type: 'delivery';
      at: number;
      eventId: string;
      /** Which copy of the event this was (a duplicate delivery is copy 2). */
      copy: number;
      /** The endpoint's HTTP status: Stripe retries anything but 2xx. */
      status: number;
    };

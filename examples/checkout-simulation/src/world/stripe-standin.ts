import type { Clock } from '@lifeline/core';
import Stripe from 'stripe';
import { rollFor } from '../random';
import type { Journal } from './journal';
import type { PlannedPurchase } from './plan';
import type { WorldScheduler } from './scheduler';
import type { SimulatedEvent, SimulatedSession, StripeRecord } from './stripe-records';

/** Options of {@link stripeStandIn}. */
export interface StripeStandInOptions {
  clock: Clock;
  scheduler: WorldScheduler;
  journal: Journal<StripeRecord>;
  seed: number;
  /** A quarter of it is the chance that one API call fails (500 or 429). */
  faultRate: number;
  /** How the customer behind a purchase pays. */
  customer: (purchaseId: string) => PlannedPurchase | undefined;
  /** Called with every event Stripe creates, for delivery to the webhook endpoint. */
  onEvent: (event: SimulatedEvent) => void;
}

/** The simulated Stripe: the Checkout Sessions API the app calls, and the payments that follow. */
export interface StripeStandIn {
  /** The two calls the shop makes, with the SDK's parameters. */
  checkout: {
    sessions: {
      create(
        params: Stripe.Checkout.SessionCreateParams,
        options?: Stripe.RequestOptions,
      ): Promise<SimulatedSession>;
      retrieve(id: string, params?: unknown, options?: Stripe.RequestOptions): Promise<SimulatedSession>;
    };
  };
  /** Every session, by id. */
  readonly sessions: ReadonlyMap<string, SimulatedSession>;
  /** Every event, by id. */
  readonly events: ReadonlyMap<string, SimulatedEvent>;
}

const API_VERSION = '2026-01-28.clover';
const seconds = (ms: number) => Math.floor(ms / 1000);

/**
 * Stands in for Stripe, offline. `checkout.sessions.create` and `retrieve` behave like the real ones
 * where the app depends on them: `create` is idempotent per `Idempotency-Key` (a retry gets the first
 * session back), `retrieve` gives the session's current state, and both fail now and then with the
 * SDK's own error classes (`StripeAPIError` 500, `StripeRateLimitError` 429).
 * After a session is created, its customer completes it (card: paid; bank debit: paid or failed
 * later), and each step creates the event Stripe would send.
 *
 * Everything is journaled, and replayed on start: after a crash the world carries on where it was,
 * as the real Stripe does while your app restarts.
 */
export function stripeStandIn(options: StripeStandInOptions): StripeStandIn {
  const { clock, scheduler, journal, seed } = options;
  const sessions = new Map<string, SimulatedSession>();
  const byKey = new Map<string, SimulatedSession>();
  const events = new Map<string, SimulatedEvent>();
  const calls = new Map<string, number>();

  function emit(session: SimulatedSession, type: SimulatedEvent['type'], suffix: string) {
    const event: SimulatedEvent = {
      id: `evt_${session.id.slice('cs_test_'.length)}_${suffix}`,
      object: 'event',
      type,
      api_version: API_VERSION,
      created: seconds(clock.now()),
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      data: { object: structuredClone(session) },
    };
    events.set(event.id, event);
    journal.append({ type: 'event.created', at: clock.now(), event });
    options.onEvent(event);
  }

  function complete(session: SimulatedSession, plan: PlannedPurchase) {
    session.status = 'complete';
    if (plan.payment === 'card') session.payment_status = 'paid';
    emit(session, 'checkout.session.completed', 'completed');
  }

  function settle(session: SimulatedSession, plan: PlannedPurchase) {
    if (plan.payment === 'bank_debit') {
      session.payment_status = 'paid';
      emit(session, 'checkout.session.async_payment_succeeded', 'async_succeeded');
    } else {
      emit(session, 'checkout.session.async_payment_failed', 'async_failed');
    }
  }

  /** Schedules what the customer still has to do, from the last step the journal shows. */
  function follow(session: SimulatedSession, createdAt: number, completedAt: number | undefined) {
    const plan = options.customer(session.client_reference_id);
    if (!plan) return;
    if (completedAt === undefined) {
      scheduler.at(createdAt + plan.payDelayMs, () => {
        complete(session, plan);
        if (plan.payment !== 'card') follow(session, createdAt, clock.now());
      });
    } else if (plan.payment !== 'card') {
      scheduler.at(completedAt + plan.settleDelayMs, () => settle(session, plan));
    }
  }

  /** Fails a quarter of the fault rate of calls, rolled per request and call, like Stripe's API does. */
  function maybeFail(request: string) {
    const call = (calls.get(request) ?? 0) + 1;
    calls.set(request, call);
    const roll = rollFor(seed, 'stripe', request, call);
    if (roll >= options.faultRate / 4) return;
    throw roll < options.faultRate / 6
      ? new Stripe.errors.StripeAPIError({
          message: 'An error occurred with our connection to Stripe.',
          type: 'api_error',
          statusCode: 500,
        } as never)
      : new Stripe.errors.StripeRateLimitError({
          message: 'Too many requests hit the API too quickly.',
          type: 'rate_limit_error',
          statusCode: 429,
        } as never);
  }

  async function retrieve(id: string) {
    maybeFail(`retrieve:${id}`);
    const session = sessions.get(id);
    if (!session) {
      throw new Stripe.errors.StripeInvalidRequestError({
        message: `No such checkout.session: '${id}'`,
        type: 'invalid_request_error',
        code: 'resource_missing',
        statusCode: 404,
      } as never);
    }
    return structuredClone(session);
  }

  async function create(params: Stripe.Checkout.SessionCreateParams, requestOptions?: Stripe.RequestOptions) {
    const key = requestOptions?.idempotencyKey ?? `auto_${clock.now()}_${Math.random()}`;
    maybeFail(`create:${key}`);
    const existing = byKey.get(key);
    if (existing) return structuredClone(existing);
    const reference = params.client_reference_id ?? '';
    const copies = [...sessions.values()].filter((s) => s.client_reference_id === reference).length;
    const id = `cs_test_${reference.replace(/^pur_/, '')}${copies > 0 ? `_${copies + 1}` : ''}`;
    const item = params.line_items?.[0];
    const email = params.customer_email ?? '';
    const session: SimulatedSession = {
      id,
      object: 'checkout.session',
      mode: 'payment',
      status: 'open',
      payment_status: 'unpaid',
      amount_total: (item?.price_data?.unit_amount ?? 0) * (item?.quantity ?? 1),
      currency: item?.price_data?.currency ?? 'usd',
      client_reference_id: reference,
      customer_email: email,
      customer_details: { email, name: String(params.metadata?.customerName ?? '') },
      metadata: Object.fromEntries(Object.entries(params.metadata ?? {}).map(([k, v]) => [k, String(v)])),
      created: seconds(clock.now()),
      livemode: false,
      url: `https://checkout.stripe.com/c/pay/${id}`,
    };
    sessions.set(id, session);
    byKey.set(key, session);
    journal.append({ type: 'session.created', at: clock.now(), idempotencyKey: key, session });
    follow(session, clock.now(), undefined);
    return structuredClone(session);
  }

  // Replay the journal: sessions and events as they were, then the customers' next steps.
  const completedAt = new Map<string, number>();
  const settled = new Set<string>();
  const createdAt = new Map<string, number>();
  for (const record of journal.read()) {
    if (record.type === 'session.created') {
      sessions.set(record.session.id, record.session);
      byKey.set(record.idempotencyKey, record.session);
      createdAt.set(record.session.id, record.at);
    } else if (record.type === 'event.created') {
      const session = sessions.get(record.event.data.object.id);
      events.set(record.event.id, record.event);
      if (!session) continue;
      Object.assign(session, structuredClone(record.event.data.object));
      if (record.event.type === 'checkout.session.completed') completedAt.set(session.id, record.at);
      else settled.add(session.id);
    }
  }
  for (const session of sessions.values()) {
    if (settled.has(session.id)) continue;
    const done = completedAt.get(session.id);
    const plan = options.customer(session.client_reference_id);
    if (done !== undefined && plan?.payment === 'card') continue;
    follow(session, createdAt.get(session.id)!, done);
  }

  return { checkout: { sessions: { create, retrieve } }, sessions, events };
}

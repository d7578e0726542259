/** A range of milliseconds, picked uniformly. */
export type Span = readonly [min: number, max: number];

/**
 * Every delay of the simulation: how customers and providers behave over time, and the app's retry
 * settings. The virtual clock uses production-like values (a retry waits up to a minute, a hung
 * request is cut at ten seconds); `--real-time` shrinks them so a run on the system clock takes seconds.
 */
export interface Timing {
  /** Mean gap between two purchases. */
  arrivalGapMs: number;
  /** From the Checkout Session's creation to the customer completing it. */
  payDelayMs: Span;
  /** From completion to a delayed payment (bank debit) settling. */
  settleDelayMs: Span;
  /** From an event to Stripe's first delivery attempt. */
  deliveryLagMs: Span;
  /** From a delivery to its duplicate. */
  duplicateLagMs: Span;
  /** Stripe's first wait after a delivery was not answered 2xx; doubles each time. */
  webhookRetryMs: number;
  /** The app's retry backoff (full jitter). */
  backoff: { initialMs: number; maxMs: number };
  /** Per-attempt limit of a provider call. */
  attemptTimeoutMs: number;
  /** How long a hung provider request would take if nobody cut it. */
  hangMs: number;
  /** Retry-After the mail provider sends with a 429, in whole seconds. */
  retryAfterSec: Span;
  /**
   * How often an idle queue worker looks for jobs nobody woke it for (real time; a committed job wakes
   * it at once through LISTEN/NOTIFY, so this is the fallback).
   */
  queuePollMs: number;
  /** How long a download link stays valid. */
  downloadValidMs: number;
}

/** Production-like delays, for the virtual clock (default). */
export const VIRTUAL_TIMING: Timing = {
  arrivalGapMs: 1_500,
  payDelayMs: [20_000, 240_000],
  settleDelayMs: [120_000, 1_200_000],
  deliveryLagMs: [300, 5_000],
  duplicateLagMs: [2_000, 90_000],
  webhookRetryMs: 60_000,
  backoff: { initialMs: 1_000, maxMs: 60_000 },
  attemptTimeoutMs: 10_000,
  hangMs: 300_000,
  retryAfterSec: [1, 30],
  queuePollMs: 100,
  downloadValidMs: 7 * 86_400_000,
};

/** Shortened delays for `--real-time`, on the system clock. */
export const REAL_TIME_TIMING: Timing = {
  arrivalGapMs: 8,
  payDelayMs: [30, 300],
  settleDelayMs: [100, 800],
  deliveryLagMs: [5, 60],
  duplicateLagMs: [20, 400],
  webhookRetryMs: 500,
  backoff: { initialMs: 50, maxMs: 1_000 },
  attemptTimeoutMs: 250,
  hangMs: 10_000,
  retryAfterSec: [1, 1],
  queuePollMs: 20,
  downloadValidMs: 7 * 86_400_000,
};

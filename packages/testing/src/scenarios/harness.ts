import type {
  Alert,
  AnyOperation,
  EmailMessage,
  Lifeline,
  LifelineOptions,
  Mailer,
  VirtualClock,
} from '@lifeline/core';

/** The test runner's functions (vitest, jest, node:test adapters): passed in so this package needs none. */
export interface ScenarioRunner {
  /** Registers a test (vitest's or jest's `test`); `timeout` is in milliseconds. */
  test: (name: string, fn: () => Promise<void>, timeout?: number) => void;
  /** A Jest-compatible `expect`. */
  expect: (value: unknown) => any;
}

/** A Lifeline wired for a scenario, on a virtual clock, plus what the scenario inspects. */
export interface ScenarioHarness {
  lifeline: Lifeline;
  clock: VirtualClock;
  /** Alerts the alerter received. */
  alerts: Alert[];
  /** Emails the mailer accepted (one per idempotency key). */
  sent: Array<{ message: EmailMessage; idempotencyKey: string }>;
  /** Runs all queued work to a final result, moving the virtual clock through every delay. */
  settle(): Promise<void>;
}

/** Builds a harness for a set of operations; the queue under test decides how work runs. */
export type HarnessFactory = (
  options: Pick<LifelineOptions, 'operations'> & {
    mailer?: Mailer;
    alerter?: LifelineOptions['alerter'];
    random?: () => number;
  },
) => Promise<ScenarioHarness>;

/** @internal keeps operation arrays typed loosely for scenario tables. */
export type Operations = readonly AnyOperation[];

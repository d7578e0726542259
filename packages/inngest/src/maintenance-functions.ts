import type { HealthReport, Lifeline } from '@lifeline/core';
import { cron, type Inngest, type InngestFunction } from 'inngest';

/** Id of the health-check cron function. */
export const HEALTH_FUNCTION_ID = 'lifeline-health-check';
/** Id of the outbox relay cron function. */
export const OUTBOX_FUNCTION_ID = 'lifeline-outbox-relay';

/** What the health-check function returns (shown in Inngest's run view). */
export interface HealthSummary {
  status: HealthReport['status'];
  openDeadLetters: number;
  metrics: Array<{ id: string; value: number | null; status: string }>;
}

/**
 * A cron function that runs `lifeline.checkHealth()`, which alerts when a metric crosses its threshold.
 * Crossing state lives in the process: on serverless, where each run may start a fresh instance, an
 * unhealthy metric alerts on every run (deduped by the alert cooldown within one instance) and a recovery
 * may not be announced.
 */
export function healthFunction(
  client: Inngest.Any,
  lifeline: Lifeline,
  schedule: string,
): InngestFunction.Any {
  return client.createFunction(
    { id: HEALTH_FUNCTION_ID, name: 'Lifeline: health check', triggers: [cron(schedule)], retries: 2 },
    async (): Promise<HealthSummary> => {
      const report = await lifeline.checkHealth();
      return {
        status: report.status,
        openDeadLetters: report.openDeadLetters,
        metrics: report.metrics.map((metric) => ({
          id: metric.id,
          value: metric.value,
          status: metric.status,
        })),
      };
    },
  ) as unknown as InngestFunction.Any;
}

/** The outbox relay as `inngestFunctions` runs it: one pass that re-sends due rows and says how many. */
export interface OutboxRelayOptions {
  /** Cron expression, e.g. `'* * * * *'` (every minute). */
  cron: string;
  /** One relay pass, e.g. `() => relay.runOnce()` from `@lifeline/postgres`; resolves with the rows sent. */
  runOnce: () => Promise<number>;
}

/** A cron function that runs one outbox relay pass at a time (concurrency 1, so passes never overlap). */
export function outboxRelayFunction(client: Inngest.Any, relay: OutboxRelayOptions): InngestFunction.Any {
  return client.createFunction(
    {
      id: OUTBOX_FUNCTION_ID,
      name: 'Lifeline: outbox relay',
      triggers: [cron(relay.cron)],
      concurrency: { limit: 1 },
      retries: 2,
    },
    async () => ({ relayed: await relay.runOnce() }),
  ) as unknown as InngestFunction.Any;
}

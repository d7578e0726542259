import type { DeadLetterStore } from '@lifeline/core';
import type { Meter } from '@opentelemetry/api';
import { ATTR, MESSAGING_SYSTEM, METRIC } from './attributes';

/** Bucket bounds in seconds for durations: from 5 ms (an in-memory attempt) to 10 minutes (a long backoff). */
const SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

/** The instruments `lifelineOtel` records to, made once per meter. */
export function lifelineMetrics(meter: Meter) {
  let deadLetters: DeadLetterStore | undefined;
  /** Made on the first `observeDeadLetters`: without a store there is no gauge and nothing to call at collection. */
  let gaugeRegistered = false;
  function registerGauge(): void {
    if (gaugeRegistered) return;
    gaugeRegistered = true;
    const openGauge = meter.createObservableGauge(METRIC.deadLettersOpen, {
      description: 'Dead letters waiting for an admin (status open), counted at each collection.',
      unit: '{dead_letter}',
    });
    openGauge.addCallback(async (result) => {
      if (!deadLetters) return;
      result.observe(await deadLetters.count({ status: 'open' }), {
        [ATTR.messagingSystem]: MESSAGING_SYSTEM,
      });
    });
  }
  return {
    sent: meter.createCounter(METRIC.sentMessages, {
      description: 'Events lifeline.send handed to the queue (error.type set when the queue refused one).',
      unit: '{message}',
    }),
    consumed: meter.createCounter(METRIC.consumedMessages, {
      description: 'Attempts run, by lifeline.outcome (error.type set when one failed).',
      unit: '{message}',
    }),
    processDuration: meter.createHistogram(METRIC.processDuration, {
      description: 'Duration of one attempt, from the queue handing it over to its result.',
      unit: 's',
      advice: { explicitBucketBoundaries: SECONDS_BUCKETS },
    }),
    timeToSuccess: meter.createHistogram(METRIC.timeToSuccess, {
      description:
        'Time from the first send of a piece of work to its success, retries and backoff included.',
      unit: 's',
      advice: { explicitBucketBoundaries: SECONDS_BUCKETS },
    }),
    observeDeadLetters(store: DeadLetterStore): void {
      deadLetters = store;
      registerGauge();
    },
  };
}

import type { SendOptions } from '@lifeline/core';

/** One call the relay made. */
export interface RecordedSend {
  name: string;
  data: unknown;
  options: SendOptions;
}

/**
 * A recording stand-in for `lifeline.send`: keeps every call; `failNext(n)` makes the next n calls throw
 * as a queue that refuses would.
 */
export function recordingLifeline() {
  const sends: RecordedSend[] = [];
  let failures = 0;
  return {
    sends,
    failNext(count: number) {
      failures = count;
    },
    async send(name: string, data: unknown, options: SendOptions) {
      if (failures > 0) {
        failures--;
        throw new Error('queue refused: stand-in failure');
      }
      sends.push({ name, data, options });
      return { eventId: options.eventId ?? '', idempotencyKey: options.idempotencyKey ?? '' };
    },
  };
}

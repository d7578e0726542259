import type { AttemptResult, Clock, QueuedEvent, QueueWorker } from '@lifeline/core';

/** One call a {@link ScriptedWorker} received. */
export interface ScriptedCall {
  /** The event as the worker received it (a copy). */
  event: QueuedEvent;
  /** The attempt number the queue passed (1-based). */
  attempt: number;
  /** Clock time when the attempt started. */
  startedAt: number;
  /** Set when the attempt returned. */
  endedAt?: number;
  /** What the attempt returned, once it has. */
  result?: AttemptResult;
}

/**
 * A {@link QueueWorker} that answers from a script per event id (default: succeed at once), takes
 * `workMs` of clock time per attempt, and records every call and any overlap of attempts of one event.
 * Used by `queueSuite`; handy for testing a queue by hand too.
 *
 * @example
 * ```ts
 * const clock = virtualClock();
 * const queue = inProcessQueue({ clock });
 * const worker = new ScriptedWorker(clock);
 * queue.start(worker);
 * const event: QueuedEvent = { id: 'evt_1', name: 'demo/job', kind: 'job', data: {}, idempotencyKey: 'job:1', enqueuedAt: clock.now() };
 * worker.script(event.id, [{ status: 'retry', delayMs: 1_000, error: new Error('x') }, { status: 'succeeded' }]);
 * await queue.enqueue(event);
 * await clock.run(queue.drain());
 * worker.callsFor(event.id).length; // 2
 * ```
 */
export class ScriptedWorker implements QueueWorker {
  /** Every attempt, in the order they started. */
  readonly calls: ScriptedCall[] = [];
  /** How many times an attempt started while another attempt of the same event was running. */
  overlaps = 0;
  private readonly scripts = new Map<string, { steps: AttemptResult[]; workMs: number }>();
  private readonly running = new Set<string>();

  /** @param clock The clock attempts take their `workMs` on (the queue's clock). */
  constructor(private readonly clock: Clock) {}

  /** Sets the results of `eventId`'s attempts in order (the last repeats) and how long each takes. */
  script(eventId: string, steps: AttemptResult[], workMs = 0): void {
    this.scripts.set(eventId, { steps, workMs });
  }

  /** The calls for one event. */
  callsFor(eventId: string): ScriptedCall[] {
    return this.calls.filter((call) => call.event.id === eventId);
  }

  /** Runs the next scripted step of `event`'s script; never throws. */
  async runAttempt(event: QueuedEvent, attempt: number): Promise<AttemptResult> {
    if (this.running.has(event.id)) this.overlaps++;
    this.running.add(event.id);
    const call: ScriptedCall = { event: structuredClone(event), attempt, startedAt: this.clock.now() };
    const index = this.callsFor(event.id).length;
    this.calls.push(call);
    try {
      const script = this.scripts.get(event.id) ?? { steps: [{ status: 'succeeded' }], workMs: 0 };
      if (script.workMs > 0) await this.clock.sleep(script.workMs);
      const result = script.steps[Math.min(index, script.steps.length - 1)]!;
      call.endedAt = this.clock.now();
      call.result = result;
      return result;
    } finally {
      this.running.delete(event.id);
    }
  }
}

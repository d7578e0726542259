/** Remembers up to this many unfinished deliveries; the oldest is forgotten first. */
const MAX_TRACKED = 10_000;

/**
 * The highest attempt this process started for each unfinished delivery, so a run Inngest cancels can be
 * dead-lettered with the attempts it really had (Inngest's cancellation event does not say). Per process:
 * where another instance ran the attempts, the count falls back to 1.
 */
export function attemptTracker() {
  const started = new Map<string, number>();
  return {
    started(eventId: string, attempt: number): void {
      const previous = started.get(eventId) ?? 0;
      started.delete(eventId); // re-insert: the map's order is the order of last use
      started.set(eventId, Math.max(attempt, previous));
      if (started.size > MAX_TRACKED) started.delete(started.keys().next().value as string);
    },
    finished(eventId: string): void {
      started.delete(eventId);
    },
    /** The highest attempt started for `eventId`, or 1 when this process saw none. */
    attemptsOf(eventId: string): number {
      return started.get(eventId) ?? 1;
    },
  };
}

/** The tracker `inngestFunctions` shares between an operation's function and the cancellation handler. */
export type AttemptTracker = ReturnType<typeof attemptTracker>;

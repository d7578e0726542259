import type { AlertSeverity, CancelTimer, Clock } from '@lifeline/core';
import { highest } from './slack-text';

/** Alerts are counted per this window to decide when a storm starts (the "per minute" of the threshold). */
export const RATE_WINDOW_MS = 60_000;

/** Alerts of one kind that a digest reports. */
export interface DigestLine {
  severity: AlertSeverity;
  title: string;
  count: number;
  /** Set for duplicates suppressed under this dedupe key; unset for alerts folded by rate. */
  dedupeKey?: string;
}

/** What one digest message reports. */
export interface Digest {
  /** Alerts folded because they came too fast (each would otherwise have been its own message). */
  folded: DigestLine[];
  foldedCount: number;
  /** Duplicates suppressed within a cooldown that no later alert reported. */
  suppressed: DigestLine[];
  from: number;
  to: number;
}

/** What to do with an incoming alert. */
export type Admission =
  | { action: 'send'; suppressed?: { count: number; since: number } }
  | { action: 'suppress' }
  | { action: 'fold' };

interface KeyState {
  since: number;
  suppressed: number;
  severity: AlertSeverity;
  title: string;
  cancel: CancelTimer;
}

/** Options of {@link stormControl}. */
export interface StormControlOptions {
  clock: Clock;
  cooldownMs: number;
  digestThreshold: number;
  digestIntervalMs: number;
  /** Called (from a timer) when a digest is due. */
  onDigestDue: () => void;
}

/**
 * Decides for each alert: send it, suppress it (same dedupe key within the cooldown), or fold it
 * into the next digest (more than `digestThreshold` alerts within a minute). Counts everything it
 * does not send, so a digest can report it: a key's suppressed count goes on the next alert for
 * that key, or, when none comes within `digestIntervalMs` after the cooldown, into a digest.
 */
export function stormControl(options: StormControlOptions) {
  const { clock, cooldownMs, digestThreshold, digestIntervalMs } = options;
  const keys = new Map<string, KeyState>();
  /** Arrival times of the last `digestThreshold` admitted alerts, oldest first. */
  const recent: number[] = [];
  let folded = new Map<string, DigestLine>();
  let suppressedLines: DigestLine[] = [];
  let foldedCount = 0;
  let from = 0;
  let cancelDigest: CancelTimer | undefined;

  function pend(now: number) {
    if (foldedCount === 0 && suppressedLines.length === 0) from = now;
    cancelDigest ??= clock.setTimer(() => {
      cancelDigest = undefined;
      options.onDigestDue();
    }, digestIntervalMs);
  }

  function reportSuppressed(key: string, state: KeyState) {
    if (state.suppressed === 0) return;
    suppressedLines.push({
      severity: state.severity,
      title: state.title,
      count: state.suppressed,
      dedupeKey: key,
    });
    pend(clock.now());
  }

  function track(key: string, severity: AlertSeverity, title: string, now: number) {
    const state: KeyState = { since: now, suppressed: 0, severity, title, cancel: () => {} };
    state.cancel = clock.setTimer(() => {
      if (keys.get(key) !== state) return;
      keys.delete(key);
      reportSuppressed(key, state);
    }, cooldownMs + digestIntervalMs);
    keys.set(key, state);
  }

  return {
    admit(alert: { severity: AlertSeverity; title: string; dedupeKey: string | undefined }): Admission {
      const now = clock.now();
      let carried: KeyState | undefined;
      if (alert.dedupeKey !== undefined) {
        const state = keys.get(alert.dedupeKey);
        if (state && now < state.since + cooldownMs) {
          state.suppressed += 1;
          state.severity = highest([state.severity, alert.severity]);
          return { action: 'suppress' };
        }
        if (state) {
          state.cancel();
          keys.delete(alert.dedupeKey);
          if (state.suppressed > 0) carried = state;
        }
        track(alert.dedupeKey, alert.severity, alert.title, now);
      }

      const storming = recent.length >= digestThreshold && (recent[0] ?? 0) > now - RATE_WINDOW_MS;
      recent.push(now);
      if (recent.length > digestThreshold) recent.shift();
      if (storming) {
        if (carried && alert.dedupeKey !== undefined) reportSuppressed(alert.dedupeKey, carried);
        const id = `${alert.severity}\u0000${alert.title}`;
        const line = folded.get(id) ?? { severity: alert.severity, title: alert.title, count: 0 };
        line.count += 1;
        folded.set(id, line);
        pend(now);
        foldedCount += 1;
        return { action: 'fold' };
      }
      return carried
        ? { action: 'send', suppressed: { count: carried.suppressed, since: carried.since } }
        : { action: 'send' };
    },

    /**
     * Takes the pending digest (or `undefined` when there is nothing to report). With
     * `everything`, also takes the suppressed counts of keys still in their cooldown and stops all
     * timers: what `close()` needs.
     */
    take(everything = false): Digest | undefined {
      if (everything) {
        for (const [key, state] of keys) {
          state.cancel();
          reportSuppressed(key, state);
        }
        keys.clear();
      }
      cancelDigest?.();
      cancelDigest = undefined;
      if (foldedCount === 0 && suppressedLines.length === 0) return undefined;
      const digest: Digest = {
        folded: [...folded.values()],
        foldedCount,
        suppressed: suppressedLines,
        from,
        to: clock.now(),
      };
      folded = new Map();
      suppressedLines = [];
      foldedCount = 0;
      return digest;
    },
  };
}

/** The storm controller of one alerter. */
export type StormControl = ReturnType<typeof stormControl>;

import type { SlackFailure } from './slack-failure';

/**
 * What a Slack alerter did. Every alert is in exactly one bucket:
 * `received = sent + folded + suppressed + failed + pending`.
 */
export interface SlackAlerterStats {
  /** Valid alerts passed to `alert()`. */
  received: number;
  /** Alerts Slack accepted as their own message. */
  sent: number;
  /** Alerts Slack accepted inside a digest. */
  folded: number;
  /** Duplicates (same dedupe key within the cooldown), reported as counts. */
  suppressed: number;
  /** Alerts (own or folded) Slack never accepted, after retries; logged. */
  failed: number;
  /** Alerts waiting: in flight, or folded into a digest not sent yet. */
  pending: number;
  /** Digest messages Slack accepted. */
  digests: number;
  /** HTTP POSTs made, retries included. */
  posts: number;
  /** Retry waits (429, 5xx, network). */
  retries: number;
  /** The last delivery failure, if any. */
  lastFailure: (SlackFailure & { at: number }) | undefined;
}

/** @internal the alerter's counters and how deliveries settle them. */
export function slackStats() {
  const value: SlackAlerterStats = {
    received: 0,
    sent: 0,
    folded: 0,
    suppressed: 0,
    failed: 0,
    pending: 0,
    digests: 0,
    posts: 0,
    retries: 0,
    lastFailure: undefined,
  };
  return {
    value,
    failure(failure: SlackFailure, at: number) {
      value.lastFailure = { ...failure, at };
    },
    settleAlert(delivered: boolean) {
      value.pending--;
      if (delivered) value.sent++;
      else value.failed++;
    },
    settleDigest(count: number, delivered: boolean) {
      value.pending -= count;
      if (delivered) {
        value.folded += count;
        value.digests++;
      } else {
        value.failed += count;
      }
    },
  };
}

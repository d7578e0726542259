import type { Clock, Logger } from '@lifeline/core';
import type { IncomingWebhookSendArguments } from '@slack/webhook';
import { redactText } from './redact';
import { classifySlackFailure, FORMAT_CODES, type SlackFailure } from './slack-failure';

/** Options of {@link delivery}. */
export interface DeliveryOptions {
  post: (message: IncomingWebhookSendArguments) => Promise<unknown>;
  /** The delay Slack asked for with the last 429, if known. */
  retryAfter: () => number | undefined;
  clock: Clock;
  logger: Logger;
  maxRetries: number;
  /** Called once per POST, and once per retry wait. */
  onPost: () => void;
  onRetry: () => void;
  onFailure: (failure: SlackFailure) => void;
}

const BACKOFF_START_MS = 1_000;
const BACKOFF_MAX_MS = 30_000;
/** Longest `Retry-After` honoured: an alert must not wait for ever behind a rate limit. */
const MAX_RETRY_AFTER_MS = 5 * 60_000;

/**
 * Posts messages one at a time, in order (Slack rate-limits per webhook, so a 429 pauses them all).
 * Retries 429 (after `Retry-After`), 408, 5xx and network errors up to `maxRetries` times on the
 * clock; retries a message Slack rejects as malformed once as plain text. Never rejects: a message
 * that cannot be delivered resolves `false` and is reported to the logger, once per kind of problem
 * until a delivery succeeds again.
 */
export function delivery(options: DeliveryOptions) {
  const { clock, logger, maxRetries } = options;
  let tail: Promise<unknown> = Promise.resolve();
  const reported = new Set<string>();

  function report(failure: SlackFailure, what: string, retries: number) {
    options.onFailure(failure);
    const problem = `${failure.status ?? '-'}:${failure.code}`;
    const fields = { status: failure.status, code: failure.code, alert: what };
    const after = failure.retryable ? ` after ${retries + 1} attempt${retries === 0 ? '' : 's'}` : '';
    const text = redactText(
      `Slack alert not delivered${after}: ${failure.explanation} (${failure.code}, ${failure.status ?? 'no response'})`,
    );
    try {
      if (reported.has(problem)) {
        logger.debug(text, fields);
        return;
      }
      reported.add(problem);
      logger.error(
        `${text}. Further failures like this are counted in stats() and logged at debug level.`,
        fields,
      );
    } catch {
      // A throwing logger must not turn a lost alert into a crash: stats() still counts it.
    }
  }

  async function attempt(message: IncomingWebhookSendArguments, what: string): Promise<boolean> {
    let current = message;
    let plainTextTried = false;
    for (let retry = 0; ; retry += 1) {
      options.onPost();
      options.retryAfter(); // forget any stale value
      try {
        await options.post(current);
        reported.clear();
        return true;
      } catch (error) {
        const failure = classifySlackFailure(error);
        const malformed = !failure.retryable && FORMAT_CODES.has(failure.code);
        if (
          malformed &&
          !plainTextTried &&
          (current.blocks !== undefined || current.attachments !== undefined)
        ) {
          plainTextTried = true;
          current = { text: message.text ?? what };
          continue;
        }
        if (!failure.retryable || retry >= maxRetries) {
          report(failure, what, retry);
          return false;
        }
        const backoff = Math.min(BACKOFF_MAX_MS, BACKOFF_START_MS * 2 ** retry);
        const wait = Math.min(MAX_RETRY_AFTER_MS, options.retryAfter() ?? backoff);
        options.onRetry();
        await clock.sleep(wait);
      }
    }
  }

  return {
    /** Queues `message` behind the others; resolves `true` once Slack accepted it, `false` if it never did. */
    send(message: IncomingWebhookSendArguments, what: string): Promise<boolean> {
      const result = tail.then(() => attempt(message, what));
      tail = result;
      return result;
    },
    /** Resolves when every queued message has been delivered or given up. */
    async idle(): Promise<void> {
      let seen: Promise<unknown> | undefined;
      while (seen !== tail) {
        seen = tail;
        await seen;
      }
    },
  };
}

/** The delivery queue of one alerter. */
export type Delivery = ReturnType<typeof delivery>;

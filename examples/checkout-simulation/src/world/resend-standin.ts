import { createHash } from 'node:crypto';
import type { Clock } from '@lifeline/core';
import type { ResendClient } from '@lifeline/resend';
import type { CreateEmailOptions, CreateEmailResponse } from 'resend';
import { between, rollFor } from '../random';
import type { Timing } from '../timing';
import type { Journal } from './journal';

/** One line of the mail provider's journal. */
export type MailRecord = {
  type: 'delivered';
  /** Epoch ms. */
  at: number;
  /** The `Idempotency-Key` the email was sent with. */
  idempotencyKey: string;
  /** The provider's email id. */
  id: string;
  to: string[];
  subject: string;
  tags: Record<string, string>;
};

/** Options of {@link resendStandIn}. */
export interface ResendStandInOptions {
  clock: Clock;
  journal: Journal<MailRecord>;
  timing: Timing;
  seed: number;
  /** Chance that one send fails (5xx, 429, hang, or accepted with the answer lost). */
  faultRate: number;
  /** Share of addresses that do not exist (rejected with 422 on every send, whatever the seed). */
  rejectRate: number;
}

/** The stand-in: a Resend client, plus what it delivered. */
export interface ResendStandIn extends ResendClient {
  /** Deliveries by idempotency key (replayed from the journal on start). */
  readonly delivered: ReadonlyMap<string, MailRecord>;
}

const REMEMBER_KEYS_MS = 86_400_000;
type ErrorName =
  | 'internal_server_error'
  | 'rate_limit_exceeded'
  | 'application_error'
  | 'validation_error'
  | 'concurrent_idempotent_requests'
  | 'invalid_idempotent_request';

const failure = (statusCode: number | null, name: ErrorName, message: string, headers = {}) =>
  ({ data: null, error: { statusCode, name, message }, headers }) as CreateEmailResponse;
const fingerprint = (payload: CreateEmailOptions) =>
  createHash('sha256')
    .update(JSON.stringify([payload.to, payload.subject, payload.text ?? null, payload.html ?? null]))
    .digest('hex');

/**
 * A fault-injecting stand-in for the Resend SDK's `emails.send`, answering in the SDK's shape
 * (`{ data, error, headers }`, never throwing), so the real `resendMailer` of `@lifeline/resend` runs
 * against it unchanged. Like Resend it delivers at most once per `Idempotency-Key` for 24 hours (a
 * repeat returns the first email's id), answers 409 to a key still in flight or reused with another
 * payload, and rejects some addresses for good (422). Faults, rolled per key and call from the seed:
 * 500s, 429s with `Retry-After`, requests that hang until the caller's timeout aborts them, and
 * requests that are accepted but whose answer never arrives (only the idempotency key prevents a second
 * email on the retry). Every delivery is journaled, so a double send survives a crash as evidence.
 */
export function resendStandIn(options: ResendStandInOptions): ResendStandIn {
  const { clock, journal, timing, seed, faultRate, rejectRate } = options;
  const delivered = new Map<string, MailRecord>();
  const fingerprints = new Map<string, string>();
  const inFlight = new Set<string>();
  const calls = new Map<string, number>();
  let sequence = 0;
  for (const record of journal.read()) delivered.set(record.idempotencyKey, record);
  sequence = delivered.size;

  const hang = (signal: AbortSignal | undefined) => clock.sleep(timing.hangMs, signal).catch(() => {});
  const aborted = () =>
    failure(null, 'application_error', 'Unable to fetch data. The request could not be resolved.');

  function deliver(key: string, payload: CreateEmailOptions): MailRecord {
    const record: MailRecord = {
      type: 'delivered',
      at: clock.now(),
      idempotencyKey: key,
      id: `email_${seed}_${++sequence}`,
      to: [payload.to].flat(),
      subject: payload.subject ?? '',
      tags: Object.fromEntries((payload.tags ?? []).map((tag) => [tag.name, tag.value])),
    };
    journal.append(record);
    delivered.set(key, record);
    return record;
  }

  async function send(
    payload: CreateEmailOptions,
    requestOptions: { idempotencyKey?: string; signal?: AbortSignal } = {},
  ) {
    const key = requestOptions.idempotencyKey ?? `none_${++sequence}`;
    const { signal } = requestOptions;
    const call = (calls.get(key) ?? 0) + 1;
    calls.set(key, call);
    const roll = rollFor(seed, 'mail', key, call);
    const kind = rollFor(seed, 'mail-kind', key, call);
    if (roll < faultRate && kind < 0.4)
      return failure(500, 'internal_server_error', 'An unexpected error occurred.');
    if (roll < faultRate && kind < 0.65) {
      const wait = between(rollFor(seed, 'mail-wait', key, call), ...timing.retryAfterSec);
      return failure(429, 'rate_limit_exceeded', 'Too many requests. Please slow down.', {
        'retry-after': String(wait),
      });
    }
    if (roll < faultRate && kind < 0.85) {
      await hang(signal);
      return aborted();
    }
    if (inFlight.has(key)) {
      return failure(
        409,
        'concurrent_idempotent_requests',
        'Same idempotency key used while the first request is still in progress.',
      );
    }
    const previous = delivered.get(key);
    if (previous && clock.now() - previous.at < REMEMBER_KEYS_MS) {
      if (fingerprints.has(key) && fingerprints.get(key) !== fingerprint(payload)) {
        return failure(
          409,
          'invalid_idempotent_request',
          'Same idempotency key used with a different request payload.',
        );
      }
      return { data: { id: previous.id }, error: null, headers: {} } as CreateEmailResponse;
    }
    const to = [payload.to].flat();
    if (to.some((address) => rollFor(0, 'bounce', address) < rejectRate)) {
      return failure(
        422,
        'validation_error',
        `Invalid \`to\` field. The email address ${to.join(', ')} does not exist.`,
      );
    }
    fingerprints.set(key, fingerprint(payload));
    const record = deliver(key, payload);
    if (roll < faultRate) {
      // Accepted and sent, but the answer is lost: the caller times out and retries with the same key.
      inFlight.add(key);
      await hang(signal);
      inFlight.delete(key);
      return aborted();
    }
    return { data: { id: record.id }, error: null, headers: {} } as CreateEmailResponse;
  }

  return { emails: { send }, delivered };
}

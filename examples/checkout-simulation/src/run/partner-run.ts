import type { Clock } from '@lifeline/core';
import { type PartnerNotice, partnerNotice } from '../app/partner-notice';
import { partnerSecretFor, partnerStandIn } from '../world/partner-standin';
import type { RunRecord } from './run-record';

/**
 * `--partner-webhooks` for one worker process: starts the partner's stand-in receiver on 127.0.0.1 and
 * the shop's partner notice pointed at it (loopback allowed for exactly that address). A restarted
 * worker starts a new receiver (new port) with the same secret and journal.
 */
export async function startPartner(options: {
  clock: Clock;
  root: string;
  run: RunRecord;
  track: <T>(request: Promise<T>) => Promise<T>;
}): Promise<{ notice: PartnerNotice; close(): Promise<void> }> {
  const secret = partnerSecretFor(options.run.seed);
  const receiver = await partnerStandIn({
    clock: options.clock,
    root: options.root,
    seed: options.run.seed,
    runId: options.run.id,
    faultRate: options.run.faultRate,
    secret,
  });
  const notice = await partnerNotice({
    url: receiver.url,
    secret,
    allowAddresses: ['127.0.0.1'],
    observeRequest: options.track,
  });
  return { notice, close: () => receiver.close() };
}

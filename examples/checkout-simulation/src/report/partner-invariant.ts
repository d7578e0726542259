import { partnerDeliveryKeyFor, partnerEventIdFor } from '../app/partner-notice';
import { jsonlJournal } from '../world/journal';
import { type PartnerRecord, partnerJournalPath } from '../world/partner-standin';
import type { RunFacts } from './facts';
import type { Violation } from './invariant';

const DELIVER = 'webhooks/partner/deliver';
const PUBLISH = 'webhooks/partner/publish';

/** What the partner-webhook part of the check found (`--partner-webhooks` runs only). */
export interface PartnerReport {
  /** Fulfilled purchases (each must be announced). */
  fulfilled: number;
  /** Fulfilled purchases the partner acknowledged, applied once (its `webhook-id` dedupe absorbed any repeat). */
  delivered: number;
  /** Fulfilled purchases whose notice is in the dead-letter store (its alert is checked with every dead letter). */
  deadLettered: number;
  /** Repeat deliveries the partner acknowledged and did not apply again (at-least-once, once in effect). */
  repeatsAbsorbed: number;
  violations: Violation[];
}

/**
 * The promise for partner webhooks, from the partner stand-in's journal and the dead-letter store:
 * every fulfilled purchase was announced to the partner and applied once (a verified delivery, deduped on
 * `webhook-id`), or its delivery is dead-lettered (with an alert, checked with every dead letter); no
 * purchase that was not fulfilled was announced. `undefined` when the run did not use `--partner-webhooks`.
 */
export function checkPartnerWebhooks(facts: RunFacts, root: string): PartnerReport | undefined {
  const records = jsonlJournal<PartnerRecord>(partnerJournalPath(root)).read();
  if (!records.some((r) => r.type === 'enabled' && r.runId === facts.run.id)) return undefined;
  const accepted = new Map<string, { applied: number; repeats: number }>();
  for (const record of records) {
    if (record.type !== 'accepted') continue;
    const entry = accepted.get(record.webhookId) ?? { applied: 0, repeats: 0 };
    if (record.duplicate) entry.repeats++;
    else entry.applied++;
    accepted.set(record.webhookId, entry);
  }
  const deadKeys = new Set(
    facts.deadLetters
      .filter((entry) => entry.name === DELIVER || entry.name === PUBLISH)
      .map((entry) => entry.idempotencyKey),
  );
  const report: PartnerReport = {
    fulfilled: 0,
    delivered: 0,
    deadLettered: 0,
    repeatsAbsorbed: 0,
    violations: [],
  };
  for (const purchaseId of facts.purchaseIds) {
    const fail = (rule: string, detail: string) => report.violations.push({ purchaseId, rule, detail });
    const eventId = partnerEventIdFor(purchaseId);
    const seen = accepted.get(eventId);
    const fulfilled = (facts.grants.get(purchaseId) ?? 0) > 0;
    if (!fulfilled) {
      if (seen)
        fail('partner-notice-unfulfilled', 'the partner was told about a purchase that was never fulfilled');
      continue;
    }
    report.fulfilled++;
    if (seen) {
      report.repeatsAbsorbed += seen.repeats;
      if (seen.applied !== 1) fail('partner-notice-doubled', `applied ${seen.applied} times`);
      else report.delivered++;
    } else if (
      deadKeys.has(partnerDeliveryKeyFor(purchaseId)) ||
      deadKeys.has(`webhook-publish:${eventId}`)
    ) {
      report.deadLettered++;
    } else {
      fail(
        'partner-notice-lost',
        'fulfilled, but the partner never got the notice and it is not dead-lettered',
      );
    }
  }
  return report;
}

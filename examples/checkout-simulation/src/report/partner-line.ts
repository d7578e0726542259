import type { PartnerReport } from './partner-invariant';

/** One summary line for a `--partner-webhooks` run. */
export function renderPartnerLine(partner: PartnerReport): string {
  return (
    `Partner webhooks: ${partner.delivered} of ${partner.fulfilled} fulfilled purchases delivered once in effect` +
    ` (${partner.repeatsAbsorbed} repeat(s) absorbed by webhook-id), ${partner.deadLettered} dead-lettered with an alert` +
    `${partner.violations.length > 0 ? `, ${partner.violations.length} violation(s)` : ''}`
  );
}

// docs/recipes.md:262
const outage = {
  kind: 'email' as const,
  status: 'open' as const,
  from: Date.parse('2026-02-05T14:00:00Z'),
  to: Date.parse('2026-02-05T15:45:00Z'), // exclusive, on the time of the last failure
};
const plan = await lifeline.bulk({ action: 'retry', filter: outage, dryRun: true, by: 'ops@shop.example' });
console.log(`${plan.length} dead letters would be redriven`);
const results = await lifeline.bulk({
  action: 'retry',
  filter: outage,
  by: 'ops@shop.example',
  note: 'Resend outage 2026-02-05 14:00-15:30, INC-42',
  concurrency: 5, // entries redriven at once (at most 50); the operation's throttle still applies
});
const tally: Record<string, number> = {};
for (const result of results) tally[result.status] = (tally[result.status] ?? 0) + 1;
console.log(tally); // e.g. { queued: 212, conflict: 1 }

export {};

/**
 * Lifeline in one screen: 200 purchase receipts go through a mail provider that fails like real ones
 * (503s, 429s, rejected addresses). Lifeline retries with backoff, honours Retry-After, sends each
 * receipt at most once, dead-letters what cannot be sent, alerts, and reports health against targets.
 * Runs offline on a virtual clock: minutes of retries take well under a second.
 */
import {
  type Alert,
  createLifeline,
  defineOperation,
  type HealthMetric,
  inProcessQueue,
  seededRandom,
  silentLogger,
  virtualClock,
} from '@lifeline/core';
import { z } from 'zod';
import { flakyMailer } from './flaky-mailer';

const purchases = Number(process.env.PURCHASES ?? 200);
const random = seededRandom(Number(process.env.SEED ?? 7));
const clock = virtualClock();
const mailer = flakyMailer({
  transientRate: 0.25,
  rateLimitRate: 0.05,
  rejects: (to) => to.startsWith('bounce'),
  random,
});
const alerts: Alert[] = [];
let retries = 0;

const sendReceipt = defineOperation({
  name: 'purchase/email.send',
  kind: 'email',
  schema: z.object({ purchaseId: z.string(), email: z.email(), downloadUrl: z.url() }),
  retry: { attempts: 3, backoff: { initialMs: 1_000, maxMs: 60_000, jitter: 'full' } },
  idempotencyKey: (d) => `receipt:${d.purchaseId}`,
  run: async (d, ctx) =>
    ctx.mailer.send(
      { to: d.email, subject: 'Your download is ready', text: `Download: ${d.downloadUrl}` },
      { idempotencyKey: ctx.idempotencyKey, signal: ctx.signal },
    ),
});

const lifeline = createLifeline({
  operations: [sendReceipt],
  queue: inProcessQueue({ concurrency: 20 }),
  mailer,
  alerter: { alert: async (alert) => void alerts.push(alert) },
  clock,
  random,
  logger: silentLogger(),
  hooks: { onAttempt: (r) => void (r.outcome === 'retrying' && retries++) },
});

for (let i = 1; i <= purchases; i++) {
  const email = i % 50 === 0 ? `bounce${i}@example.com` : `buyer${i}@example.com`;
  const data = { purchaseId: `p_${i}`, email, downloadUrl: `https://shop.example.com/d/${i}` };
  await lifeline.send(sendReceipt, data);
  if (i % 40 === 0) await lifeline.send(sendReceipt, data); // a double-click: must not send twice
}
await clock.run(lifeline.drain());

const dead = (await lifeline.deadLetters.list({ limit: 500 })).items;
console.log(`\nLifeline demo: ${purchases} purchase receipts through a flaky mail provider\n`);
console.table({
  'receipts sent': mailer.delivered.size,
  'retried attempts': retries,
  'dead-lettered': dead.length,
  'alerts sent': alerts.length,
});
console.log('\nDead letters (each one has an alert and can be redriven):');
console.table(
  dead.slice(0, 10).map((d) => ({
    id: d.id.slice(0, 12),
    operation: d.name,
    key: d.idempotencyKey,
    attempts: d.attempts,
    error: d.error.message.slice(0, 60),
  })),
);
console.log('\nAlerts:');
for (const alert of alerts.slice(0, 5))
  console.log(`  [${alert.severity}] ${alert.title}: ${alert.message.slice(0, 100)}`);

const format = (m: HealthMetric) =>
  m.value === null
    ? 'no data'
    : m.unit === 'ratio'
      ? `${(m.value * 100).toFixed(1)}%`
      : m.unit === 'ms'
        ? `${(m.value / 1000).toFixed(1)} s`
        : String(m.value);
const report = await lifeline.health();
console.log(`\nHealth (overall: ${report.status}):`);
console.table(
  report.metrics.map((m) => ({
    metric: m.label,
    value: format(m),
    target: m.unit === 'ratio' ? `${m.target * 100}%` : m.target,
    status: m.status,
  })),
);

// The promise: every receipt was sent once, or is in the dead-letter store with an alert.
const accounted = mailer.delivered.size + dead.length;
if (accounted !== purchases) {
  console.error(`Promise broken: ${purchases} purchases, but ${accounted} sent or dead-lettered`);
  process.exit(1);
}
console.log(
  `\nNo silent failures: ${mailer.delivered.size} sent + ${dead.length} dead-lettered = ${purchases} purchases.`,
);

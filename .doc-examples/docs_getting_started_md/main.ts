// docs/getting-started.md:34
import { consoleLogger, createLifeline, defineOperation, type Mailer, memoryMailer, virtualClock } from '@lifeline/core';
import { z } from 'zod';

// 1. A stand-in for your email provider. `inbox` keeps what was delivered; `provider` lets us cause
//    trouble: `failNext` one-off 503 answers, `down` an outage.
const inbox = memoryMailer();
const provider = { down: false, failNext: 0 };
const mailer: Mailer = {
  async send(message, options) {
    if (provider.down || provider.failNext > 0) {
      provider.failNext = Math.max(0, provider.failNext - 1);
      throw Object.assign(new Error('Mail provider unavailable'), { status: 503 });
    }
    return inbox.send(message, options);
  },
};

// 2. The operation: a receipt email, retried with backoff, idempotent per purchase.
const sendReceipt = defineOperation({
  name: 'purchase/email.send',
  kind: 'email',
  schema: z.object({ purchaseId: z.string(), email: z.email(), downloadUrl: z.url() }),
  retry: { attempts: 3, backoff: { initialMs: 1_000, maxMs: 60_000 } },
  idempotencyKey: (d) => `receipt:${d.purchaseId}`,
  run: (d, ctx) =>
    ctx.mailer.send(
      { to: d.email, subject: 'Your download is ready', text: `Download it here: ${d.downloadUrl}` },
      { idempotencyKey: ctx.idempotencyKey, signal: ctx.signal },
    ),
});

// 3. The runtime. No stores given: in-memory ones and the in-process queue, fine for a first try.
//    The virtual clock makes the retry waits instant; leave it out in your app.
const clock = virtualClock();
const lifeline = createLifeline({
  operations: [sendReceipt],
  clock,
  mailer,
  alerter: { alert: async (a) => console.log(`  ALERT (${a.severity}) ${a.title}`) },
  logger: consoleLogger({ level: 'warn' }),
  hooks: {
    onAttempt: (r) => console.log(`  attempt ${r.attempt}: ${r.outcome}${r.error ? ` - ${r.error}` : ''}`),
  },
});

const purchase = (id: string, email: string) => ({
  purchaseId: id,
  email,
  downloadUrl: `https://shop.example.com/downloads/${id}`,
});

// 4. A purchase while the provider has a hiccup, then the same purchase again.
console.log('1. Ada buys; the provider fails once');
provider.failNext = 1;
await lifeline.send(sendReceipt, purchase('p_1', 'ada@example.com'));
await clock.run(lifeline.drain());

console.log('2. The same purchase again (a double click, a redelivered webhook)');
await lifeline.send(sendReceipt, purchase('p_1', 'ada@example.com'));
await clock.run(lifeline.drain());

// 5. A purchase during an outage: every attempt fails.
console.log('3. Grace buys during an outage');
provider.down = true;
await lifeline.send(sendReceipt, purchase('p_2', 'grace@example.com'));
await clock.run(lifeline.drain());

const [dead] = (await lifeline.deadLetters.list({ status: 'open' })).items;
console.log(`  dead letter: ${dead!.idempotencyKey}, ${dead!.attempts} attempts, "${dead!.error.message}"`);

// 6. The provider is back: redrive the dead letter, under the same idempotency key.
console.log('4. The provider is back: redrive the dead letter');
provider.down = false;
const redrive = await clock.run(lifeline.redrive(dead!.id, { by: 'you@shop.example', wait: true }));
console.log(`  redrive: ${redrive.status}`);

// 7. Where things stand: who got an email, what is still open, and health against its targets.
console.log('5. Where things stand');
console.log(`  inbox: ${inbox.sent.map((email) => email.message.to).join(', ')}`);
console.log(`  open dead letters: ${await lifeline.deadLetters.count({ status: 'open' })}`);
const health = await lifeline.checkHealth();
for (const m of health.metrics.filter((m) => m.value !== null && m.unit !== 'ms'))
  console.log(`  ${m.label}: ${m.unit === 'ratio' ? `${(m.value! * 100).toFixed(0)}%` : m.value} (${m.status})`);
await lifeline.close();

export {};

import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, withChromium } from './browser';
import { appDir, buildApp, eventually, type RunningApp, startApp } from './next-app';
import { checkoutCompleted, deliver } from './stripe-events';

const WEBHOOK_SECRET = 'whsec_e2e_local_signing_secret';
const ADMIN_TOKEN = 'e2e-admin-token-0123456789';
const STARTER_PRICE = 4_900;
const artifacts = path.resolve(appDir, '../../test-artifacts/next-checkout');
const skipBrowser = process.env.LIFELINE_SKIP_BROWSER === '1';

interface HealthMetricView {
  id: string;
  value: number | null;
  sample: number;
}
interface FailedOperationView {
  id: string;
  name: string;
  kind: string;
  status: string;
  attempts: number;
  idempotencyKey: string;
  error: { name: string; message: string };
}

let build: { code: number | null; output: string; ms: number };
let app: RunningApp;
let dataDir: string;

const admin = (pathname: string) =>
  fetch(`${app.url}/admin/api/${pathname}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });

async function purchase(
  email: string,
  name?: string,
): Promise<{ purchaseId: string; status: string; checkoutUrl: string }> {
  const response = await fetch(`${app.url}/api/marketplace/purchase`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ productId: 'leads-starter', email, ...(name ? { name } : {}) }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { purchaseId: string; status: string; checkoutUrl: string };
}

/** `12` from a health tile's "12 operations". */
const operationsIn = (text: string | null) => Number(/(\d+) operations/.exec(text ?? '')?.[1] ?? Number.NaN);

const mailFiles = () =>
  existsSync(path.join(dataDir, 'mail')) ? readdirSync(path.join(dataDir, 'mail')) : [];

async function metrics(): Promise<Record<string, HealthMetricView>> {
  const response = await admin('operations-health?window=1h');
  expect(response.status).toBe(200);
  const health = (await response.json()) as { metrics: HealthMetricView[] };
  return Object.fromEntries(health.metrics.map((metric) => [metric.id, metric]));
}

beforeAll(async () => {
  if (!skipBrowser && !existsSync(chromiumPath)) {
    throw new Error(
      `Chromium not found at ${chromiumPath}: install it (apt-get install -y chromium), point LIFELINE_CHROMIUM_PATH at it, or set LIFELINE_SKIP_BROWSER=1`,
    );
  }
  const started = Date.now();
  build = { ...(await buildApp()), ms: Date.now() - started };
  if (build.code !== 0) throw new Error(`next build failed (${build.code}):\n${build.output}`);
  dataDir = await mkdtemp(path.join(tmpdir(), 'next-checkout-e2e-'));
  app = await startApp({
    LIFELINE_DATA_DIR: dataDir,
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    ADMIN_TOKEN,
    // Sends to `…+fail@…` addresses fail like a provider outage; everyone else gets their receipt.
    LIFELINE_FAKE_MAILER_FAIL: 'tagged',
  });
  console.log(`next build: ${build.ms} ms; next start answered at ${app.url}`);
}, 600_000);

afterAll(async () => {
  await app?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}, 30_000);

describe('next-checkout, built and started for real', () => {
  it('builds with next build (typecheck included)', () => {
    expect(build.code).toBe(0);
    expect(build.output).toContain('Finished TypeScript');
    for (const route of [
      '/api/marketplace/purchase',
      '/api/webhooks/stripe',
      '/api/inngest',
      '/admin/[[...path]]',
    ]) {
      expect(build.output).toContain(route);
    }
  });

  it('validates the purchase request', async () => {
    const response = await fetch(`${app.url}/api/marketplace/purchase`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ productId: 'leads-starter', email: 'not-an-email' }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { issues: { field: string }[] };
    expect(body.issues.map((issue) => issue.field)).toEqual(['email']);
  });

  it('explains that Inngest is off when it is not configured', async () => {
    const response = await fetch(`${app.url}/api/inngest`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: string }).error).toContain('INNGEST_DEV');
  });

  it('sells offline: the simulated checkout posts a signed webhook, fulfilment marks it paid, one receipt', async () => {
    const started = await purchase('ada@example.com', 'Ada');
    expect(started).toMatchObject({
      status: 'pending',
      checkoutUrl: `/purchases/${started.purchaseId}?checkout=simulated`,
    });
    const { purchaseId } = started;

    // Paid only through the webhook route: the simulated checkout posted a signed checkout.session.completed.
    const paid = await eventually('the simulated checkout to pay through the webhook', async () => {
      const body = (await (await fetch(`${app.url}/api/marketplace/purchases/${purchaseId}`)).json()) as {
        status: string;
        checkoutSessionId: string | null;
      };
      return body.status === 'paid' ? body : undefined;
    });
    expect(paid.checkoutSessionId).toMatch(/^cs_offline_[0-9a-f]{24}$/);

    const receipt = `receipt_${purchaseId}.json`;
    await eventually('the receipt file', async () => (mailFiles().includes(receipt) ? true : undefined));
    const email = JSON.parse(readFileSync(path.join(dataDir, 'mail', receipt), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(email).toMatchObject({ to: 'ada@example.com', idempotencyKey: `receipt:${purchaseId}` });
    expect(String(email.text)).toContain(`${app.url}/purchases/${purchaseId}`);

    // A forged signature is refused; Stripe redelivering the same session's event twice changes nothing.
    const { event } = checkoutCompleted(purchaseId, STARTER_PRICE, paid.checkoutSessionId!);
    const tampered = await fetch(`${app.url}/api/webhooks/stripe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=deadbeef' },
      body: JSON.stringify(event),
    });
    expect(tampered.status).toBe(400);
    for (let delivery = 0; delivery < 2; delivery++) {
      const response = await deliver(app.url, event, WEBHOOK_SECRET);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ received: true });
    }

    const health = await eventually('the webhooks and the email in the operation log', async () => {
      const current = await metrics();
      return (current.webhookSuccessRate?.sample ?? 0) >= 2 && (current.emailDeliveryRate?.sample ?? 0) >= 1
        ? current
        : undefined;
    });
    expect(health.webhookSuccessRate?.value).toBe(1);
    expect(health.emailDeliveryRate?.value).toBe(1);
    // The simulated payment and the redelivered event both queued the receipt, under one key: one email.
    expect(mailFiles().filter((file) => file.startsWith(`receipt_${purchaseId}`))).toEqual([
      `receipt_${purchaseId}.html`,
      receipt,
    ]);

    // The email's link leads to the purchase page, which has the real download and says the email went out.
    const page = await (await fetch(`${app.url}/purchases/${purchaseId}`)).text();
    expect(page).toContain(`href="/purchases/${purchaseId}/download"`);
    expect(page).toContain('data-receipt="sent"');
    const download = await fetch(`${app.url}/purchases/${purchaseId}/download`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="leads-starter-pack-/);
    const rows = (await download.text()).trimEnd().split('\n');
    expect(rows[0]).toBe('company,contact,role,email');
    expect(rows).toHaveLength(1 + 250);
    expect((await fetch(`${app.url}/purchases/pur_${'0'.repeat(32)}/download`)).status).toBe(404);
  }, 60_000);

  it('dead-letters the receipt when the mailer keeps failing, and the purchase page says so', async () => {
    const { purchaseId } = await purchase('bob+fail@example.com', 'Bob');

    const entry = await eventually(
      'a dead letter for the receipt',
      async () => {
        const response = await admin('failed-operations?kind=email&status=open');
        const page = (await response.json()) as { items: FailedOperationView[] };
        return page.items.find((item) => item.idempotencyKey === `receipt:${purchaseId}`);
      },
      45_000,
    );
    expect(entry).toMatchObject({ name: 'purchase/email.send', kind: 'email', status: 'open' });
    expect(entry.attempts).toBeGreaterThanOrEqual(3);
    expect(entry.error.message).toContain('failing on purpose');
    expect(mailFiles().some((file) => file.includes(purchaseId))).toBe(false);

    const page = await (await fetch(`${app.url}/purchases/${purchaseId}`)).text();
    expect(page).toContain('data-receipt="failed"');
    expect(page).toContain('We could not email your receipt');
    expect(page).not.toContain('was emailed');
    // The download does not depend on the email.
    expect((await fetch(`${app.url}/purchases/${purchaseId}/download`)).status).toBe(200);

    const health = await metrics();
    expect(health.openDeadLetters?.value).toBe(1);
    expect(health.emailDeliveryRate?.value).toBeLessThan(1);
    expect(app.logs()).toContain('lifeline alert');
  }, 60_000);

  it.skipIf(skipBrowser)(
    'shows the storefront, the purchase and the admin dashboard in Chromium',
    async () => {
      mkdirSync(artifacts, { recursive: true });
      await withChromium(async (page) => {
        // The storefront buys through the purchase route.
        await page.goto(`${app.url}/`);
        await expect(page.getByText('Simulated checkout', { exact: true }).count()).resolves.toBe(1);
        await page.getByLabel('Pack').selectOption('leads-growth');
        await page.getByLabel('Email for the receipt').fill('carol@example.com');
        await page.screenshot({ path: path.join(artifacts, 'storefront.png'), fullPage: true });
        await page.getByRole('button', { name: 'Buy now' }).click();
        // Like Stripe's success URL: the purchase page, which reloads until the webhook has paid it.
        await page.waitForURL(/\/purchases\/pur_[0-9a-f]{32}\?checkout=simulated$/);
        await page.locator('[data-receipt="sent"]').waitFor({ timeout: 20_000 });
        await expect(page.locator('[data-status]').getAttribute('data-status')).resolves.toBe('paid');
        await page.screenshot({ path: path.join(artifacts, 'purchase.png'), fullPage: true });
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('link', { name: 'Download 1,000 leads (CSV)' }).click(),
        ]);
        expect(download.suggestedFilename()).toMatch(/^leads-growth-pack-[0-9a-f]{8}\.csv$/);
        const file = await download.path();
        expect(readFileSync(file, 'utf8').trimEnd().split('\n')).toHaveLength(1 + 1_000);

        // The dashboard asks for the token, then shows the operations.
        await page.goto(`${app.url}/admin/operations-health?window=1h`);
        await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
        await page.getByRole('button', { name: 'Sign in' }).click();
        const tile = (metric: string) => page.locator(`li[data-metric="${metric}"]`);
        await tile('emailDeliveryRate').waitFor();
        // Every purchase so far had its receipt attempted and its checkout fulfilled: the tiles count them.
        expect(operationsIn(await tile('emailDeliveryRate').textContent())).toBeGreaterThanOrEqual(2);
        expect(operationsIn(await tile('webhookSuccessRate').textContent())).toBeGreaterThanOrEqual(2);
        expect(await tile('webhookSuccessRate').locator('.tile-value').textContent()).toBe('100%');
        expect(await tile('openDeadLetters').locator('.tile-value').textContent()).toBe('1');
        await page.screenshot({ path: path.join(artifacts, 'operations-health.png'), fullPage: true });

        await page.goto(`${app.url}/admin/failed-operations`);
        const rows = page.locator('table.entries tbody tr');
        await expect(rows.count()).resolves.toBe(1);
        expect(await rows.first().textContent()).toContain('purchase/email.send');
        await page.screenshot({ path: path.join(artifacts, 'failed-operations.png'), fullPage: true });
        await rows
          .first()
          .getByRole('link', { name: /Details/ })
          .click();
        await page.locator('section.detail').waitFor();
        expect(await page.locator('section.detail').textContent()).toContain('failing on purpose');
        await page.screenshot({ path: path.join(artifacts, 'failed-operation-detail.png'), fullPage: true });
      });
    },
    90_000,
  );
});

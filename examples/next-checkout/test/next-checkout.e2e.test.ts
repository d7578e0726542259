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

async function purchase(email: string, name?: string): Promise<{ purchaseId: string; status: string }> {
  const response = await fetch(`${app.url}/api/marketplace/purchase`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ productId: 'leads-starter', email, ...(name ? { name } : {}) }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { purchaseId: string; status: string };
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
}, 300_000);

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

  it('sells, fulfils a signed checkout.session.completed once, and sends one receipt', async () => {
    const { purchaseId, status } = await purchase('ada@example.com', 'Ada');
    expect(status).toBe('paid');
    const { event, sessionId } = checkoutCompleted(purchaseId, STARTER_PRICE);

    const tampered = await fetch(`${app.url}/api/webhooks/stripe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=deadbeef' },
      body: JSON.stringify(event),
    });
    expect(tampered.status).toBe(400);

    // Stripe delivers at least once: the same event twice must fulfil once.
    for (let delivery = 0; delivery < 2; delivery++) {
      const response = await deliver(app.url, event, WEBHOOK_SECRET);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ received: true });
    }

    const fulfilled = await eventually('the purchase to carry its Checkout Session', async () => {
      const response = await fetch(`${app.url}/api/marketplace/purchases/${purchaseId}`);
      const body = (await response.json()) as { status: string; checkoutSessionId: string | null };
      return body.checkoutSessionId ? body : undefined;
    });
    expect(fulfilled).toMatchObject({ status: 'paid', checkoutSessionId: sessionId });

    const receipt = `receipt_${purchaseId}.json`;
    await eventually('the receipt file', async () => (mailFiles().includes(receipt) ? true : undefined));
    const email = JSON.parse(readFileSync(path.join(dataDir, 'mail', receipt), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(email).toMatchObject({ to: 'ada@example.com', idempotencyKey: `receipt:${purchaseId}` });
    expect(String(email.text)).toContain(`${app.url}/purchases/${purchaseId}`);

    const health = await eventually('the webhook and email operations in the log', async () => {
      const current = await metrics();
      return (current.webhookSuccessRate?.sample ?? 0) >= 1 && (current.emailDeliveryRate?.sample ?? 0) >= 1
        ? current
        : undefined;
    });
    expect(health.webhookSuccessRate?.value).toBe(1);
    expect(health.emailDeliveryRate?.value).toBe(1);
    // The purchase route and the fulfilment both queued the receipt, under one key: one email file.
    expect(mailFiles().filter((file) => file.startsWith(`receipt_${purchaseId}`))).toEqual([
      `receipt_${purchaseId}.html`,
      receipt,
    ]);
  }, 60_000);

  it('dead-letters the receipt when the mailer keeps failing', async () => {
    const { purchaseId } = await purchase('bob+fail@example.com', 'Bob');
    const { event } = checkoutCompleted(purchaseId, STARTER_PRICE);
    expect((await deliver(app.url, event, WEBHOOK_SECRET)).status).toBe(200);

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
        await page.getByRole('button', { name: 'Buy now' }).click();
        const paid = page.locator('[data-purchase-id]');
        await paid.waitFor();
        const purchaseId = await paid.getAttribute('data-purchase-id');
        expect(purchaseId).toMatch(/^pur_[0-9a-f]{32}$/);
        await page.screenshot({ path: path.join(artifacts, 'storefront.png'), fullPage: true });
        await page.getByRole('link', { name: 'View your purchase' }).click();
        await expect(page.locator('[data-status]').getAttribute('data-status')).resolves.toBe('paid');
        await page.screenshot({ path: path.join(artifacts, 'purchase.png'), fullPage: true });

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

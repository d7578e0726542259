import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { toNodeListener } from '../src/node-adapter';
import { seededAdmin, TOKEN } from './harness';

const CHROMIUM = process.env.LIFELINE_CHROMIUM_PATH ?? '/usr/bin/chromium';
const SKIP = process.env.LIFELINE_SKIP_BROWSER === '1';
const ARTIFACTS = fileURLToPath(new URL('../../../test-artifacts/admin/', import.meta.url));
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const LAPTOP = { width: 1280, height: 800 };

/** The element's text, trimmed (web-first assertions are @playwright/test's; vitest polls with expect.poll). */
const text = async (locator: Locator) => ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();
const PHONE = { width: 390, height: 844 };

describe.skipIf(SKIP)('dashboard in a real Chromium', () => {
  let ctx: Awaited<ReturnType<typeof seededAdmin>>;
  let server: Server;
  let origin: string;
  let profile: string;
  let browser: BrowserContext;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium not found at ${CHROMIUM}. Install it (apt-get update && apt-get install -y chromium) or set LIFELINE_CHROMIUM_PATH; set LIFELINE_SKIP_BROWSER=1 only to skip this test on purpose.`,
      );
    }
    mkdirSync(ARTIFACTS, { recursive: true });
    ctx = await seededAdmin();
    server = createServer(toNodeListener(ctx.handler));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    profile = mkdtempSync(join(tmpdir(), 'lifeline-admin-chromium-'));
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport: LAPTOP,
    });
    page = browser.pages()[0] ?? (await browser.newPage());
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(`pageerror: ${error.message}`));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  const shot = async (name: string) => {
    await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
    if (name.endsWith('-phone')) await page.screenshot({ path: join(ARTIFACTS, `${name}-first-screen.png`) });
  };
  const detailStatus = () => text(page.locator('.detail [data-status]'));

  test('sign in, filter, open, retry, resolve with a note, bulk dry run, view health; no console errors', async () => {
    await page.goto(`${origin}/admin/login`);
    await expect.poll(() => text(page.getByRole('heading', { level: 1 }))).toBe('Sign in');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.getByLabel('Admin token').fill('wrong-token-0123456789');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect
      .poll(() => text(page.locator('#login-message')))
      .toBe('Sign-in failed: Invalid admin token: check it and sign in again');
    expect(consoleErrors.splice(0)).toEqual([expect.stringContaining('401')]); // the refused login's fetch
    await page.getByLabel('Admin token').fill(TOKEN);
    await Promise.all([
      page.waitForURL('**/admin/failed-operations'),
      page.getByRole('button', { name: 'Sign in' }).click(),
    ]);
    await expect.poll(() => text(page.getByRole('heading', { level: 1 }))).toBe('Failed operations');
    await expect.poll(() => page.locator('table.entries tbody tr').count()).toBe(6);
    await shot('failed-operations-laptop');

    // Filter by kind.
    await page.getByLabel('Kind').selectOption('email');
    await Promise.all([
      page.waitForURL(/kind=email/),
      page.getByRole('button', { name: 'Apply filters' }).click(),
    ]);
    await expect.poll(() => page.locator('table.entries tbody tr').count()).toBe(3);
    for (const kind of await page.locator('td[data-label="Kind"]').allInnerTexts())
      expect(kind).toBe('email');

    // Open an entry: the detail panel shows the error and the masked payload.
    // Customer emails are masked on the page, so find p_2's row by its entry id.
    const p2 = (await ctx.entries()).find(
      (entry) => (entry.payload as { purchaseId?: string }).purchaseId === 'p_2',
    )!;
    const row = page.locator('table.entries tbody tr', { has: page.locator(`input[value="${p2.id}"]`) });
    await Promise.all([
      page.waitForURL(/failed-operations\/dl_/),
      row.getByRole('link', { name: /Details/ }).click(),
    ]);
    await expect.poll(() => text(page.locator('#detail-heading'))).toBe('purchase/email.send');
    expect(await detailStatus()).toBe('open');
    await expect
      .poll(() => text(page.locator('.error-chain')))
      .toContain('SMTP 503 while sending to b***@example.com'); // customer emails are masked
    await expect.poll(() => text(page.locator('pre.json').first())).toContain('[masked]');
    expect(await text(page.locator('pre.json').first())).not.toContain('deadbeefcafe');
    await shot('failed-operation-detail-laptop');

    // Retry it (the outage is over) and see it resolved.
    ctx.fixed.add('p_2');
    await page.getByRole('button', { name: 'Retry now' }).click();
    await expect
      .poll(() => text(page.locator('#flash')))
      .toBe('Retried: the operation succeeded and the entry is resolved.');
    expect(await detailStatus()).toBe('resolved');
    await expect.poll(() => text(page.locator('.history'))).toContain('by ada');
    const retried = (await ctx.entries()).find(
      (entry) => (entry.payload as { purchaseId?: string }).purchaseId === 'p_2',
    )!;
    expect(retried.status).toBe('resolved');

    // Resolve another (a webhook) with a note.
    await page.goto(`${origin}/admin/failed-operations?kind=webhook`);
    await Promise.all([
      page.waitForURL(/failed-operations\/dl_/),
      page
        .locator('table.entries tbody tr')
        .first()
        .getByRole('link', { name: /Details/ })
        .click(),
    ]);
    const webhookUrl = page.url();
    await page.getByLabel('Resolution note').fill('Refunded in Stripe by hand');
    await page.getByRole('button', { name: 'Resolve', exact: true }).click();
    await expect.poll(() => text(page.locator('#flash'))).toBe('Resolved with your note.');
    expect(await detailStatus()).toBe('resolved');
    await expect.poll(() => text(page.locator('.resolved-note'))).toContain('Resolved by ada');
    await expect.poll(() => text(page.locator('.resolved-note'))).toContain('Refunded in Stripe by hand');
    const webhookId = decodeURIComponent(new URL(webhookUrl).pathname.split('/').pop()!);
    expect(await ctx.lifeline.deadLetters.get(webhookId)).toMatchObject({
      status: 'resolved',
      resolvedBy: 'ada',
      note: 'Refunded in Stripe by hand',
    });

    // Bulk: select all shown, dry run, nothing changes.
    await page.goto(`${origin}/admin/failed-operations`);
    const before = await ctx.entries();
    await page.getByLabel('Select all entries shown').check();
    await expect.poll(() => text(page.locator('[data-selected-count]'))).toBe('(4 selected)');
    await page.getByLabel('Preview only (dry run)').check();
    await page.getByRole('button', { name: 'Retry selected' }).click();
    await expect
      .poll(() => text(page.locator('#bulk-message')))
      .toBe('Dry run: would retry 4 entries. Nothing was changed.');
    expect(await ctx.entries()).toEqual(before);
    await shot('failed-operations-bulk-laptop');

    // Operations health.
    await Promise.all([
      page.waitForURL('**/operations-health'),
      page.getByRole('link', { name: 'Operations health' }).click(),
    ]);
    await expect.poll(() => text(page.getByRole('heading', { level: 1 }))).toBe('Operations health');
    await expect.poll(() => page.locator('.tile').count()).toBe(6);
    await expect
      .poll(() => text(page.locator('.tile[data-metric="emailDeliveryRate"]')))
      .toContain('Critical');
    await page.locator('svg.chart rect').first().waitFor({ state: 'visible' });
    await page.locator('.alerts li').first().waitFor({ state: 'visible' });
    await shot('operations-health-laptop');
    expect(consoleErrors).toEqual([]);

    // Phone.
    await page.setViewportSize(PHONE);
    await page.goto(`${origin}/admin/failed-operations`);
    await shot('failed-operations-phone');
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await page.goto(webhookUrl);
    await shot('failed-operation-detail-phone');
    await page.goto(`${origin}/admin/operations-health`);
    await shot('operations-health-phone');
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
    ).toBeLessThanOrEqual(0);
    expect(consoleErrors).toEqual([]);
  }, 120_000);

  test('a retry that lost the race says so clearly', async () => {
    await page.setViewportSize(LAPTOP);
    const job = (await ctx.entries()).find((entry) => entry.kind === 'job' && entry.status === 'open')!;
    await page.goto(`${origin}/admin/failed-operations/${job.id}`);
    // Another admin resolves it after this page was loaded.
    await ctx.lifeline.resolve(job.id, { by: 'grace', note: 'handled elsewhere' });
    await page.getByRole('button', { name: 'Retry now' }).click();
    await expect
      .poll(() => text(page.locator('#detail-message')))
      .toBe(
        'Not retried: someone else already retried or resolved this entry (it is now resolved). Reload the page to see its latest state.',
      );
    await shot('failed-operation-conflict-laptop');
    expect(consoleErrors.splice(0)).toEqual([expect.stringContaining('409')]); // Chromium logs the 409 response itself
  }, 60_000);
});

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ADMIN_TOKEN_COOKIE } from '../src/auth/authorizer';
import { openBrowser, SKIP_BROWSER, text } from './chromium';
import { TOKEN } from './harness';
import { manyFailures, purchaseId } from './triage-harness';

const ARTIFACTS = fileURLToPath(new URL('../../../test-artifacts/admin/', import.meta.url));

describe.skipIf(SKIP_BROWSER)('triage in a real Chromium: 500 failed receipts', () => {
  let ctx: Awaited<ReturnType<typeof manyFailures>>;
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  let page: Page;
  let origin: string;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    // 25 retries a second: 500 take 20 s, long enough to watch the job and abort it.
    ctx = await manyFailures({ throttlePerSecond: 25 });
    browser = await openBrowser(ctx.handler);
    ({ page, origin } = browser);
    const url = new URL(origin);
    await browser.browser.addCookies([
      { name: ADMIN_TOKEN_COOKIE, value: TOKEN, domain: url.hostname, path: '/admin', httpOnly: true },
    ]);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await ctx?.lifeline.close({ timeoutMs: 1_000 });
  });

  const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  const rowIds = () =>
    page
      .locator('tbody[data-live="rows"] tr[data-id]')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-id')));

  test('search by idempotency key and by payload field (purchase id, email) finds the entry', async () => {
    const target = (await ctx.lifeline.deadLetters.list({ search: 'receipt:p_0042', limit: 5 })).items;
    expect(target).toHaveLength(1);
    await page.goto(`${origin}/admin/failed-operations`);
    await expect.poll(() => text(page.locator('[data-total="all"]'))).toBe('500 matching');

    for (const query of ['receipt:p_0042', purchaseId(42), 'BUYER42@example.com']) {
      await page.getByLabel('Search').fill(query);
      await Promise.all([page.waitForURL(/q=/), page.getByRole('button', { name: 'Apply filters' }).click()]);
      await expect.poll(rowIds).toEqual([target[0]!.id]);
      expect(await text(page.locator('[data-total="all"]'))).toBe('1 matching');
      expect(await text(page.locator('tbody[data-live="rows"]'))).toContain('receipt:p_0042');
    }
    await shot('triage-search-laptop');
  }, 60_000);

  test('group by error shows each error with its count; one click narrows to it', async () => {
    await page.goto(`${origin}/admin/failed-operations`);
    const groups = page.locator('table.groups tbody tr');
    await expect.poll(() => groups.count()).toBe(3);
    const counts = await page.locator('table.groups [data-group-count]').allInnerTexts();
    expect(counts).toEqual(['300', '150', '50']);
    const first = await text(groups.nth(0));
    expect(first).toContain('ResendUnavailableError');
    // The sample message is the final error in human terms: no "will retry", no raw milliseconds.
    const rateLimited = await text(groups.nth(1));
    expect(rateLimited).toContain('ResendRateLimitedError');
    expect(rateLimited).not.toMatch(/retrying in|18000/);
    await Promise.all([
      page.waitForURL(/error=fp_/),
      groups.nth(2).getByRole('link', { name: 'Only this error' }).click(),
    ]);
    await expect.poll(() => text(page.locator('[data-total="all"]'))).toBe('50 matching');
    expect(await page.locator('tbody[data-live="rows"] tr[data-id]').count()).toBe(50);
    await shot('triage-groups-laptop');
  }, 60_000);

  test('incidents: grouped by error, acknowledged and muted by the admin; fits a phone', async () => {
    await page.goto(`${origin}/admin/incidents`);
    const rows = page.locator('table.incidents tbody tr');
    await expect.poll(() => rows.count()).toBe(3);
    expect(await text(rows.nth(0))).toContain('300');
    await rows.nth(0).getByRole('button', { name: 'Acknowledge' }).click();
    await expect.poll(() => text(page.locator('#flash'))).toBe('Incident acknowledged.');
    await expect.poll(() => text(rows.nth(0))).toContain('acknowledged');
    expect(await text(rows.nth(0))).toContain('by ada');
    await rows.nth(1).getByLabel('Mute for').selectOption({ label: '4 hours' });
    await rows.nth(1).getByRole('button', { name: 'Mute' }).click();
    await expect
      .poll(() => text(page.locator('#flash')))
      .toMatch(/^Muted until .* UTC: its failure alerts are held back\.$/);
    await expect.poll(() => text(page.locator('table.incidents tbody tr').nth(1))).toContain('muted until');
    await shot('triage-incidents-laptop');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await shot('triage-incidents-phone');
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
    ).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1280, height: 800 });
  }, 60_000);

  test("the detail page shows each attempt's time, duration, error and delay", async () => {
    ctx.failing.add('p_attempts');
    await ctx.lifeline.send(ctx.receipt, { purchaseId: 'p_attempts', email: 'attempts@example.com' });
    await ctx.lifeline.drain();
    const [entry] = (await ctx.lifeline.deadLetters.list({ search: 'receipt:p_attempts' })).items;
    expect(entry).toBeDefined();
    await page.goto(`${origin}/admin/failed-operations/${entry!.id}`);
    const rows = page.locator('table.attempts tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    const cells = async (index: number) =>
      rows
        .nth(index)
        .locator('td')
        .evaluateAll((tds) => tds.map((td) => td.textContent?.replace(/\s+/g, ' ').trim()));
    const [first, second] = [await cells(0), await cells(1)];
    expect(first[0]).toBe('1');
    expect(first[1]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/);
    expect(first[2]).toMatch(/^\d+ ms$|^[\d.]+ s$/);
    expect(first[3]).toBe('failed, retried');
    expect(first[4]).toContain('SMTP 451 mailbox busy for');
    expect(first[5]).toBe('50 ms');
    expect(second[0]).toBe('2');
    expect(second[3]).toBe('failed, gave up');
    expect(second[5]).toBe('–');
    await page.getByRole('button', { name: 'Retry now' }).waitFor();
    await shot('triage-detail-attempts-laptop');

    // A permanent error is not offered as a green "Retry now": a secondary "Retry anyway" that says why.
    const [rejected] = (await ctx.lifeline.deadLetters.list({ search: 'receipt:p_0499' })).items;
    await page.goto(`${origin}/admin/failed-operations/${rejected!.id}`);
    expect(await page.getByRole('button', { name: 'Retry now' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Retry anyway' }).waitFor();
    expect(await text(page.locator('.permanent-warning'))).toContain('This error is permanent.');
    ctx.failing.delete('p_attempts');
  }, 60_000);

  test('"retry all matching" on 500 entries runs as a background job with progress and can be aborted', async () => {
    const open = await ctx.lifeline.deadLetters.count({ status: 'open' });
    expect(open).toBeGreaterThanOrEqual(500);
    await page.goto(`${origin}/admin/failed-operations`);
    await expect.poll(() => text(page.locator('[data-live="matching"]'))).toBe(String(open));
    await page.getByLabel('Canary: check the first').fill('5');
    await page.getByRole('button', { name: `Retry all ${open} matching` }).click();
    await page.waitForURL(/\/admin\/bulk-jobs\/[^/]+$/, { timeout: 10_000 }).catch(async (error) => {
      throw new Error(
        `${error.message}; the page said: ${await text(page.locator('#bulk-all-message'))} ${browser.consoleErrors.join(' | ')} ${page.url()}`,
      );
    });
    await expect.poll(() => text(page.locator('[data-job-total]'))).toBe(String(open));
    // Progress moves without a reload.
    const done = async () => Number(await text(page.locator('[data-job-done]')));
    await expect.poll(done, { timeout: 15_000 }).toBeGreaterThan(10);
    const bar = page.locator('progress');
    expect(Number(await bar.getAttribute('value'))).toBeGreaterThan(10);
    await shot('triage-bulk-job-running-laptop');
    await page.getByRole('button', { name: 'Abort' }).click();
    await expect
      .poll(() => page.locator('[data-job-id]').getAttribute('data-job-status'), { timeout: 10_000 })
      .toBe('aborted');
    const stoppedAt = await done();
    expect(stoppedAt).toBeLessThan(open);
    await expect.poll(() => text(page.locator('[data-live="audit"]'))).toContain('ada');
    expect(await text(page.locator('[data-live="audit"]'))).toMatch(/abort/i);
    // What the page says is what happened: the retried entries are resolved, the rest are untouched.
    const resolved = await ctx.lifeline.deadLetters.count({ status: 'resolved' });
    expect(resolved).toBe(stoppedAt);
    expect(await ctx.lifeline.deadLetters.count({ status: 'open' })).toBe(open - stoppedAt);
    expect(ctx.sent).toHaveLength(stoppedAt);
    await shot('triage-bulk-job-aborted-laptop');
  }, 90_000);

  test('the list refreshes without a reload and keeps what the operator typed', async () => {
    await page.goto(`${origin}/admin/failed-operations`);
    await page.evaluate(() => {
      (window as unknown as { marker: string }).marker = 'same page';
    });
    const before = Number((await text(page.locator('[data-total="all"]'))).split(' ')[0]);
    await page.getByLabel('Search').fill('half-typed');
    await ctx.lifeline.deadLetters.record({
      kind: 'email',
      name: 'purchase/email.send',
      payload: { purchaseId: 'p_live', email: 'live@example.com' },
      error: { name: 'Error', message: 'arrived while the page was open' },
      attempts: 2,
      idempotencyKey: 'receipt:p_live',
      firstFailedAt: Date.now(),
      failedAt: Date.now(),
    });
    await expect
      .poll(() => text(page.locator('tbody[data-live="rows"] tr').first()), { timeout: 10_000 })
      .toContain('receipt:p_live');
    expect(await text(page.locator('[data-total="all"]'))).toBe(`${before + 1} matching`);
    expect(await page.getByLabel('Search').inputValue()).toBe('half-typed');
    expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe('same page');
    expect(browser.consoleErrors).toEqual([]);
  }, 60_000);
});

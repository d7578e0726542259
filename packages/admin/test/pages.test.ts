import { describe, expect, test } from 'vitest';
import { seededAdmin } from './harness';

describe('dashboard pages (server-rendered)', () => {
  test('failed operations: landmarks, labelled filters, rows, no-store and a strict CSP', async () => {
    const ctx = await seededAdmin();
    const page = await ctx.call('/admin/failed-operations');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    const text = page.text;
    expect(text).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(text).toContain('<main id="main"');
    expect(text).toContain('<h1>Failed operations</h1>');
    for (const id of ['f-kind', 'f-name', 'f-status', 'f-resolved', 'bulk-note', 'bulk-dry'])
      expect(text).toContain(`<label for="${id}">`);
    expect(text.match(/<tr data-id=/g)).toHaveLength(6);
    expect(text).toContain('<script src="/admin/assets/admin.js" defer></script>');
    expect(text).not.toMatch(/<script>[^<]/); // no inline script
    expect(text).not.toMatch(/https?:\/\/(cdn|unpkg|fonts)/);
  });

  test('filters narrow the table; resolved entries are hidden unless asked for', async () => {
    const ctx = await seededAdmin();
    const [first] = await ctx.entries();
    await ctx.lifeline.resolve(first!.id, { by: 'grace', note: 'done' });
    const rows = async (query: string) =>
      ((await ctx.call(`/admin/failed-operations${query}`)).text.match(/<tr data-id=/g) ?? []).length;
    expect(await rows('')).toBe(5);
    expect(await rows('?showResolved=1')).toBe(6);
    expect(await rows('?status=resolved')).toBe(1);
    expect(await rows('?kind=webhook')).toBe(2);
    expect(await rows('?kind=&name=stripe%2Fwebhook.received&status=')).toBe(2);
  });

  test('bad filters are reported (400) and ignored; unknown ids are 404 with the list', async () => {
    const ctx = await seededAdmin();
    const bad = await ctx.call('/admin/failed-operations?kind=sms');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('role="alert"');
    expect(bad.text).toContain('must be one of email, webhook, job');
    expect(bad.text.match(/<tr data-id=/g)).toHaveLength(6);
    const badCursor = await ctx.call(
      `/admin/failed-operations?cursor=${Buffer.from('x').toString('base64url')}`,
    );
    expect(badCursor.status).toBe(400);
    const missing = await ctx.call('/admin/failed-operations/dl_nope');
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('No failed operation has the id <code>dl_nope</code>');
  });

  test('the detail panel escapes hostile text and masks secrets until revealed', async () => {
    const ctx = await seededAdmin();
    const job = (await ctx.entries()).find((entry) => entry.kind === 'job')!;
    const detail = await ctx.call(`/admin/failed-operations/${job.id}`);
    expect(detail.status).toBe(200);
    expect(detail.text).not.toContain('<img src=x');
    expect(detail.text).toContain('&lt;img src=x onerror=alert(1)&gt; report store offline');
    expect(detail.text).toContain('data-action="retry"');
    expect(detail.text).toContain('<label for="resolve-note">Resolution note</label>');

    const email = (await ctx.entries()).find((entry) => (entry.payload as any).purchaseId === 'p_1')!;
    const masked = await ctx.call(`/admin/failed-operations/${email.id}`);
    expect(masked.text).not.toContain('deadbeefcafe');
    // apiKey, the signed downloadUrl and the customer's email (core's one redaction policy).
    expect(masked.text).toContain('3 values look secret and are masked.');
    expect(masked.text).toContain('Reveal secrets</a>');
    const revealed = await ctx.call(`/admin/failed-operations/${email.id}?reveal=1`);
    expect(revealed.text).toContain('deadbeefcafe');
    expect(revealed.text).toContain('This reveal was logged.');
    expect(ctx.logger.lines.some((line) => line.message.includes('revealed'))).toBe(true);
  });

  test('hostile text in alerts and notes is escaped on the pages', async () => {
    const ctx = await seededAdmin();
    await ctx.lifeline.alert({
      severity: 'warning',
      title: '<b>storm</b>',
      message: '"><svg onload=alert(1)>',
      url: 'javascript:alert(1)',
      fields: { '<k>': '<v>' },
    });
    const health = await ctx.call('/admin/operations-health');
    expect(health.text).toContain('&lt;b&gt;storm&lt;/b&gt;');
    expect(health.text).not.toContain('<svg onload');
    expect(health.text).not.toContain('javascript:alert');
    expect(health.text).toContain('&lt;k&gt;');
    const [entry] = await ctx.entries();
    await ctx.lifeline.resolve(entry!.id, { by: '<script>x</script>', note: '<i>note</i>' });
    const page = await ctx.call(`/admin/failed-operations/${entry!.id}`);
    expect(page.text).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(page.text).toContain('&lt;i&gt;note&lt;/i&gt;');
    expect(page.text).not.toContain('<script>x');
  });

  test('operations health: six tiles coloured by status, the SVG chart with a text alternative, alerts', async () => {
    const ctx = await seededAdmin();
    const page = await ctx.call('/admin/operations-health?window=24h');
    expect(page.status).toBe(200);
    const text = page.text;
    expect(text).toContain('<h1>Operations health</h1>');
    expect(text.match(/<li class="tile t-/g)).toHaveLength(6);
    expect(text).toContain('data-metric="emailDeliveryRate"');
    expect(text).toMatch(/<li class="tile t-critical" data-metric="emailDeliveryRate">/);
    expect(text).toContain('57.1%');
    expect(text).toContain('Target ≥ 99% · alert below 95%');
    expect(text).toMatch(/<svg class="chart"[^>]*role="img"/);
    expect(text).toContain('<desc id="chart-desc">4 succeeded, 3 retried and 6 dead-lettered');
    expect(text).toContain('Show the numbers as a table');
    expect(text).toContain('Alerts in this window');
    const bad = await ctx.call('/admin/operations-health?window=forever');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Showing the last 24 hours');
  });

  test('assets are served from the package without auth, no-store; the base path redirects', async () => {
    const ctx = await seededAdmin();
    const css = await ctx.call('/admin/assets/admin.css', { token: null });
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toContain('text/css');
    expect(css.headers.get('cache-control')).toBe('no-store');
    const js = await ctx.call('/admin/assets/admin.js', { token: null });
    expect(js.headers.get('content-type')).toContain('text/javascript');
    // Markup enters the page only through swap(): server-rendered fragments of live regions.
    expect(js.text.match(/innerHTML/g)).toHaveLength(1);
    expect(js.text).toContain('target.innerHTML = markup;');
    expect((await ctx.call('/admin/assets/other.js', { token: null })).status).toBe(404);
    const root = await ctx.call('/admin');
    expect(root.status).toBe(303);
    expect(root.headers.get('location')).toBe('/admin/failed-operations');
    expect((await ctx.call('/admin/nowhere')).status).toBe(404);
  });

  test('mounts at another base path', async () => {
    const ctx = await seededAdmin({ basePath: '/ops/lifeline/' });
    expect((await ctx.call('/ops/lifeline/api/failed-operations')).status).toBe(200);
    const page = await ctx.call('/ops/lifeline/failed-operations');
    expect(page.text).toContain('href="/ops/lifeline/assets/admin.css"');
    expect((await ctx.call('/admin/api/failed-operations')).status).toBe(404);
  });
});

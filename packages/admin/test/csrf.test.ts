import { describe, expect, test } from 'vitest';
import { seededAdmin } from './harness';

describe('cross-site request protection', () => {
  test.each([
    ['a cross-site Origin', { origin: 'https://evil.test' }],
    ['an Origin on another port', { origin: 'http://admin.test:8080' }],
    ['Origin: null (sandboxed frame, data: URL)', { origin: 'null' }],
    ['Sec-Fetch-Site: cross-site', { origin: '', 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site: cross-site with a matching Origin', { 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site: same-site (a sibling subdomain)', { origin: '', 'sec-fetch-site': 'same-site' }],
    ['neither Origin nor Sec-Fetch-Site', { origin: '' }],
  ])('%s → 403 and nothing changes', async (_name, headers) => {
    const ctx = await seededAdmin();
    const before = await ctx.entries();
    const id = before[0]!.id;
    for (const [path, body] of [
      [`/admin/api/failed-operations/${id}/retry`, {}],
      [`/admin/api/failed-operations/${id}/resolve`, { note: 'csrf' }],
      ['/admin/api/failed-operations/bulk', { action: 'resolve', ids: [id], note: 'csrf' }],
    ] as const) {
      const response = await ctx.call(path, { body, headers });
      expect(response.status).toBe(403);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.json.error).toMatch(/Cross-site|Origin/);
    }
    expect(await ctx.entries()).toEqual(before);
  });

  test.each([
    ['text/plain', 'text/plain'],
    ['a form post', 'application/x-www-form-urlencoded'],
    ['multipart', 'multipart/form-data; boundary=x'],
    ['no content type', ''],
    ['a JSON look-alike', 'application/jsonp'],
  ])('%s body → 415 and nothing changes', async (_name, contentType) => {
    const ctx = await seededAdmin();
    const before = await ctx.entries();
    const id = before[0]!.id;
    const response = await ctx.call(`/admin/api/failed-operations/${id}/resolve`, {
      body: JSON.stringify({ note: 'sneaky' }),
      headers: { 'content-type': contentType },
    });
    expect(response.status).toBe(415);
    expect(response.json.error).toContain('application/json');
    expect(await ctx.entries()).toEqual(before);
  });

  test('same-origin requests pass: matching Origin, or Sec-Fetch-Site: same-origin alone, or an allowed origin', async () => {
    const ctx = await seededAdmin({ allowedOrigins: ['https://admin.example.com'] });
    const [a, b, c] = await ctx.entries();
    const resolve = (id: string, headers: Record<string, string>) =>
      ctx.call(`/admin/api/failed-operations/${id}/resolve`, { body: { note: 'ok' }, headers });
    expect((await resolve(a!.id, { 'sec-fetch-site': 'same-origin' })).status).toBe(200);
    expect((await resolve(b!.id, { origin: '', 'sec-fetch-site': 'same-origin' })).status).toBe(200);
    expect(
      (await resolve(c!.id, { origin: 'https://admin.example.com', 'sec-fetch-site': 'cross-site' })).status,
    ).toBe(200);
    expect(
      (
        await ctx.call(`/admin/api/failed-operations/${a!.id}/resolve`, {
          body: { note: 'x' },
          headers: { 'content-type': 'application/json; charset=utf-8' },
        })
      ).status,
    ).toBe(409);
  });

  test('GET requests need no Origin (they change nothing)', async () => {
    const { call } = await seededAdmin();
    expect(
      (await call('/admin/api/failed-operations', { headers: { 'sec-fetch-site': 'cross-site' } })).status,
    ).toBe(200);
  });

  test('oversized bodies are refused with 413', async () => {
    const ctx = await seededAdmin();
    const [entry] = await ctx.entries();
    const response = await ctx.call(`/admin/api/failed-operations/${entry!.id}/resolve`, {
      body: { note: 'x'.repeat(70_000) },
    });
    expect(response.status).toBe(413);
  });
});

import { describe, expect, test } from 'vitest';
import { MASK } from '../src/api/mask';
import { SIGNED_URL, seededAdmin } from './harness';

describe('GET /api/failed-operations', () => {
  test('lists every entry newest first, masked, with no-store', async () => {
    const { call, entries } = await seededAdmin();
    const response = await call('/admin/api/failed-operations');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const items = response.json.items as any[];
    expect(items.map((item) => item.id)).toEqual((await entries()).map((entry) => entry.id));
    expect(items).toHaveLength(6);
    const failedAts = items.map((item) => item.failedAt);
    expect([...failedAts].sort((a, b) => b - a)).toEqual(failedAts);
    expect(response.json.nextCursor).toBeUndefined();
    const email = items.find((item) => item.payload.purchaseId === 'p_1');
    expect(email.payload.apiKey).toBe(MASK);
    expect(email.payload.downloadUrl).toBe(`https://files.example.com/leads/p_1.csv?${MASK}`);
    // Customer emails are masked in payloads (core's one redaction policy).
    expect(email.payload.userEmail).toBe('b***@example.com');
    expect(email.maskedFields).toEqual(expect.arrayContaining(['payload.apiKey', 'payload.downloadUrl']));
    expect(email.history).toBeUndefined();
    expect(email.error.stack).toBeUndefined();
    expect(email.operationRegistered).toBe(true);
    expect(response.text).not.toContain('deadbeefcafe');
    expect(response.text).not.toContain('re_live_secret_key_value');
  });

  test('filters by kind, name, status (one or a comma list) and time', async () => {
    const { call, lifeline, entries } = await seededAdmin();
    const all = await entries();
    const webhooks = await call('/admin/api/failed-operations?kind=webhook');
    expect(webhooks.json.items.map((item: any) => item.kind)).toEqual(['webhook', 'webhook']);
    const byName = await call('/admin/api/failed-operations?name=purchase/email.send');
    expect(byName.json.items).toHaveLength(3);
    const job = all.find((entry) => entry.kind === 'job')!;
    await lifeline.resolve(job.id, { by: 'grace', note: 'obsolete' });
    expect(
      (await call('/admin/api/failed-operations?status=resolved')).json.items.map((item: any) => item.id),
    ).toEqual([job.id]);
    expect((await call('/admin/api/failed-operations?status=open')).json.items).toHaveLength(5);
    expect((await call('/admin/api/failed-operations?status=open,resolved')).json.items).toHaveLength(6);
    expect((await call('/admin/api/failed-operations?status=open&status=resolved')).json.items).toHaveLength(
      6,
    );
    const newest = all[0]!.failedAt;
    const from = new Date(newest - 2 * 3_600_000 + 1).toISOString();
    const recent = await call(`/admin/api/failed-operations?from=${from}`);
    expect(recent.json.items.map((item: any) => item.id)).toEqual(
      all.filter((entry) => entry.failedAt >= newest - 2 * 3_600_000 + 1).map((entry) => entry.id),
    );
    const older = await call(`/admin/api/failed-operations?to=${newest}`);
    expect(older.json.items.map((item: any) => item.id)).toEqual(
      all.filter((entry) => entry.failedAt < newest).map((entry) => entry.id),
    );
  });

  test('keyset pagination returns every entry once, newest first, across pages', async () => {
    const { call, entries } = await seededAdmin();
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const response = await call(`/admin/api/failed-operations?limit=4${cursor ? `&cursor=${cursor}` : ''}`);
      expect(response.status).toBe(200);
      seen.push(...response.json.items.map((item: any) => item.id));
      cursor = response.json.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(2);
    expect(seen).toEqual((await entries()).map((entry) => entry.id));
  });

  test.each([
    ['kind=sms', 'kind', 'sms'],
    ['status=lost', 'status.0', 'lost'],
    ['status=', 'status', []],
    ['limit=0', 'limit', '0'],
    ['limit=201', 'limit', '201'],
    ['limit=ten', 'limit', 'ten'],
    ['cursor=!!!', 'cursor', '!!!'],
    ['cursor=%E2%9C%93', 'cursor', '✓'],
    ['from=yesterday', 'from', 'yesterday'],
    ['to=2026-13-45T99:00:00Z', 'to', '2026-13-45T99:00:00Z'],
    ['from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z', 'to', '2026-01-01T00:00:00Z'],
    ['name=has%20space', 'name', 'has space'],
    ['state=open', '(root)', ['state']],
  ])('?%s is a 400 naming %s', async (query, field, received) => {
    const { call } = await seededAdmin();
    const response = await call(`/admin/api/failed-operations?${query}`);
    expect(response.status).toBe(400);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.json.issues).toEqual([expect.objectContaining({ field, received })]);
    expect(response.json.error).toContain(field);
  });

  test('a well-formed cursor the store did not issue is a 400 from the store, naming cursor', async () => {
    const { call } = await seededAdmin();
    const response = await call(
      `/admin/api/failed-operations?cursor=${Buffer.from('nope').toString('base64url')}`,
    );
    expect(response.status).toBe(400);
    expect(response.json.issues).toEqual([expect.objectContaining({ field: 'cursor' })]);
  });

  test('the raw signed URL stays in the store (masking is only for display)', async () => {
    const { entries } = await seededAdmin();
    const email = (await entries()).find((entry) => (entry.payload as any).purchaseId === 'p_1')!;
    expect((email.payload as any).downloadUrl).toBe(SIGNED_URL);
  });
});

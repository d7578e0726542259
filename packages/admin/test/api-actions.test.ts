import { describe, expect, test } from 'vitest';
import { MASK } from '../src/api/mask';
import { SIGNED_URL, seededAdmin } from './harness';

const firstOf = async (ctx: Awaited<ReturnType<typeof seededAdmin>>, kind: string) =>
  (await ctx.entries()).find((entry) => entry.kind === kind)!;

describe('GET /api/failed-operations/:id', () => {
  test('returns the full entry: error chain with stacks, attempts, history; secrets masked', async () => {
    const ctx = await seededAdmin();
    const webhook = await firstOf(ctx, 'webhook');
    const response = await ctx.call(`/admin/api/failed-operations/${webhook.id}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const { entry } = response.json;
    expect(entry).toMatchObject({
      id: webhook.id,
      kind: 'webhook',
      status: 'open',
      attempts: 1,
      history: [],
    });
    expect(entry.error).toMatchObject({
      name: 'PermanentError',
      message: 'Purchase not found for checkout session',
    });
    expect(entry.error.cause).toMatchObject({ message: expect.stringMatching(/^no row for cs_/) });
    expect(typeof entry.error.stack).toBe('string');
    expect(response.json.revealed).toBe(false);

    const email = (await ctx.entries()).find((e) => (e.payload as any).purchaseId === 'p_1')!;
    const masked = await ctx.call(`/admin/api/failed-operations/${email.id}`);
    expect(masked.json.entry.payload).toMatchObject({
      apiKey: MASK,
      downloadUrl: `https://files.example.com/leads/p_1.csv?${MASK}`,
    });
    expect(masked.text).not.toContain('deadbeefcafe');
  });

  test('?reveal=1 shows secrets to an admin, says so, and logs who revealed what', async () => {
    const ctx = await seededAdmin();
    const email = (await ctx.entries()).find((e) => (e.payload as any).purchaseId === 'p_1')!;
    const response = await ctx.call(`/admin/api/failed-operations/${email.id}?reveal=1`);
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ revealed: true, revealedBy: 'ada' });
    expect(response.json.entry.payload).toMatchObject({
      apiKey: 're_live_secret_key_value',
      downloadUrl: SIGNED_URL,
    });
    expect(response.json.entry.maskedFields).toEqual([]);
    expect(ctx.logger.lines).toContainEqual(
      expect.objectContaining({
        message: 'lifeline admin: masked fields revealed',
        fields: { id: email.id, by: 'ada' },
      }),
    );
  });

  test('reveal is refused (403) when canReveal says no; unauthenticated reveal is 401', async () => {
    const ctx = await seededAdmin({ canReveal: (admin) => admin === 'grace' });
    const email = await firstOf(ctx, 'email');
    const refused = await ctx.call(`/admin/api/failed-operations/${email.id}?reveal=1`);
    expect(refused.status).toBe(403);
    expect(refused.text).not.toContain('re_live_secret_key_value');
    expect(
      (await ctx.call(`/admin/api/failed-operations/${email.id}?reveal=1`, { token: null })).status,
    ).toBe(401);
    expect((await ctx.call(`/admin/api/failed-operations/${email.id}?reveal=maybe`)).status).toBe(400);
  });

  test('unknown id → 404, malformed id → 400', async () => {
    const { call } = await seededAdmin();
    expect((await call('/admin/api/failed-operations/dl_nope')).status).toBe(404);
    const bad = await call('/admin/api/failed-operations/bad%20id');
    expect(bad.status).toBe(400);
    expect(bad.json.issues).toEqual([expect.objectContaining({ field: 'id', received: 'bad id' })]);
  });
});

describe('POST /api/failed-operations/:id/retry', () => {
  test('redrives as the admin; a fixed operation comes back resolved', async () => {
    const ctx = await seededAdmin();
    const email = (await ctx.entries()).find((e) => (e.payload as any).purchaseId === 'p_2')!;
    ctx.fixed.add('p_2');
    const response = await ctx.call(`/admin/api/failed-operations/${email.id}/retry`, {
      body: { note: 'SMTP is back' },
    });
    expect(response.status).toBe(200);
    expect(response.json.result).toEqual({ id: email.id, status: 'resolved' });
    expect(response.json.entry.status).toBe('resolved');
    const stored = await ctx.lifeline.deadLetters.get(email.id);
    expect(stored!.history[0]).toMatchObject({
      from: 'open',
      to: 'retrying',
      by: 'ada',
      note: 'SMTP is back',
    });
    expect(stored!.status).toBe('resolved');
    // The admin who clicked is credited with the successful redrive, not "redrive".
    expect(response.json.entry).toMatchObject({ resolvedBy: 'ada', retriedBy: 'ada' });
    const page = await ctx.call(`/admin/failed-operations/${email.id}`);
    expect(page.text).toContain('Retried by <strong>ada</strong>: the re-run succeeded');
    expect(page.text).not.toMatch(/by <strong>redrive<\/strong>/);
  });

  test('a retry that fails again answers failed and the entry is open again', async () => {
    const ctx = await seededAdmin();
    const job = await firstOf(ctx, 'job');
    const response = await ctx.call(`/admin/api/failed-operations/${job.id}/retry`, { body: {} });
    expect(response.status).toBe(200);
    expect(response.json.result).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('report store offline'),
    });
    expect((await ctx.lifeline.deadLetters.get(job.id))!.status).toBe('open');
  });

  test('five concurrent retries of one entry: exactly one 200, four 409, one redrive', async () => {
    const ctx = await seededAdmin();
    const webhook = await firstOf(ctx, 'webhook');
    ctx.fixed.add((webhook.payload as any).eventId);
    const responses = await Promise.all(
      Array.from({ length: 5 }, () =>
        ctx.call(`/admin/api/failed-operations/${webhook.id}/retry`, { body: {} }),
      ),
    );
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([200, 409, 409, 409, 409]);
    for (const conflict of responses.filter((response) => response.status === 409)) {
      expect(['retrying', 'resolved']).toContain(conflict.json.current);
      expect(conflict.json.error).toMatch(/someone else may have acted/);
    }
    const stored = await ctx.lifeline.deadLetters.get(webhook.id);
    expect(stored!.retryCount).toBe(1);
    expect(stored!.status).toBe('resolved');
  });

  test('retrying a resolved entry is 409; unknown id 404; bad body 400', async () => {
    const ctx = await seededAdmin();
    const job = await firstOf(ctx, 'job');
    await ctx.lifeline.resolve(job.id, { by: 'grace', note: 'done by hand' });
    const conflict = await ctx.call(`/admin/api/failed-operations/${job.id}/retry`, { body: {} });
    expect(conflict.status).toBe(409);
    expect(conflict.json.current).toBe('resolved');
    expect((await ctx.call('/admin/api/failed-operations/dl_missing/retry', { body: {} })).status).toBe(404);
    const bad = await ctx.call(`/admin/api/failed-operations/${job.id}/retry`, { body: { note: 42 } });
    expect(bad.status).toBe(400);
    expect(bad.json.issues).toEqual([expect.objectContaining({ field: 'note', received: 42 })]);
    const unknown = await ctx.call(`/admin/api/failed-operations/${job.id}/retry`, { body: { force: true } });
    expect(unknown.status).toBe(400);
    expect(unknown.json.issues[0].message).toContain('force');
    const malformed = await ctx.call(`/admin/api/failed-operations/${job.id}/retry`, { body: '{"note":' });
    expect(malformed.status).toBe(400);
    expect(malformed.json.issues[0]).toMatchObject({
      field: '(root)',
      message: expect.stringContaining('not valid JSON'),
    });
  });
});

describe('POST /api/failed-operations/:id/resolve', () => {
  test('closes the entry with the note and the admin; a second resolve is 409', async () => {
    const ctx = await seededAdmin();
    const email = await firstOf(ctx, 'email');
    const response = await ctx.call(`/admin/api/failed-operations/${email.id}/resolve`, {
      body: { note: 'refunded by hand' },
    });
    expect(response.status).toBe(200);
    expect(response.json.entry).toMatchObject({
      status: 'resolved',
      resolvedBy: 'ada',
      note: 'refunded by hand',
    });
    const again = await ctx.call(`/admin/api/failed-operations/${email.id}/resolve`, {
      body: { note: 'again' },
    });
    expect(again.status).toBe(409);
    expect(again.json.current).toBe('resolved');
  });

  test.each([
    [{}, 'note'],
    [{ note: '' }, 'note'],
    [{ note: '   ' }, 'note'],
    [{ note: 'x'.repeat(2001) }, 'note'],
    [[], '(root)'],
  ])('body %j is a 400 naming %s', async (body, field) => {
    const ctx = await seededAdmin();
    const email = await firstOf(ctx, 'email');
    const response = await ctx.call(`/admin/api/failed-operations/${email.id}/resolve`, { body });
    expect(response.status).toBe(400);
    expect(response.json.issues[0].field).toBe(field);
    expect((await ctx.lifeline.deadLetters.get(email.id))!.status).toBe('open');
  });

  test('unknown id → 404', async () => {
    const { call } = await seededAdmin();
    expect(
      (await call('/admin/api/failed-operations/dl_missing/resolve', { body: { note: 'x' } })).status,
    ).toBe(404);
  });
});

describe('POST /api/failed-operations/bulk', () => {
  test('dry run plans and changes nothing', async () => {
    const ctx = await seededAdmin();
    const before = await ctx.entries();
    const response = await ctx.call('/admin/api/failed-operations/bulk', {
      body: { action: 'resolve', filter: { kind: 'email' }, dryRun: true, note: 'x' },
    });
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({
      action: 'resolve',
      dryRun: true,
      total: 3,
      summary: { planned: 3 },
    });
    expect(response.json.results.map((r: any) => r.id).sort()).toEqual(
      before
        .filter((e) => e.kind === 'email')
        .map((e) => e.id)
        .sort(),
    );
    expect(await ctx.entries()).toEqual(before);
  });

  test('resolve by ids acts on each once, deduplicated, as the admin', async () => {
    const ctx = await seededAdmin();
    const [a, b] = await ctx.entries();
    const response = await ctx.call('/admin/api/failed-operations/bulk', {
      body: {
        action: 'resolve',
        ids: [a!.id, b!.id, a!.id, 'dl_missing'],
        note: 'duplicate charge refunded',
      },
    });
    expect(response.status).toBe(200);
    expect(response.json.summary).toEqual({ resolved: 2, not_found: 1 });
    expect((await ctx.lifeline.deadLetters.get(a!.id))!).toMatchObject({
      status: 'resolved',
      resolvedBy: 'ada',
    });
  });

  test('retry by ids reports true outcomes: succeeded, failed again, conflict', async () => {
    const ctx = await seededAdmin();
    const emails = (await ctx.entries()).filter((entry) => entry.kind === 'email');
    const [p1, p2, p3] = ['p_1', 'p_2', 'p_3'].map(
      (purchaseId) => emails.find((entry) => (entry.payload as any).purchaseId === purchaseId)!,
    );
    ctx.fixed.add('p_1');
    ctx.fixed.add('p_2');
    await ctx.lifeline.resolve(p3!.id, { by: 'grace', note: 'sent by hand' });
    const job = (await ctx.entries()).find((entry) => entry.kind === 'job')!;
    const response = await ctx.call('/admin/api/failed-operations/bulk', {
      body: { action: 'retry', ids: [p1!.id, p2!.id, p3!.id, job.id] },
    });
    expect(response.status).toBe(200);
    expect(response.json.summary).toEqual({ resolved: 2, conflict: 1, failed: 1 });
    expect(await ctx.lifeline.deadLetters.get(p1!.id)).toMatchObject({ status: 'resolved' });
    expect(await ctx.lifeline.deadLetters.get(job.id)).toMatchObject({ status: 'open' });
  });

  test('retry by filter redrives matching open entries with limited concurrency', async () => {
    const ctx = await seededAdmin();
    for (let i = 1; i <= 3; i++) ctx.fixed.add(`p_${i}`);
    const response = await ctx.call('/admin/api/failed-operations/bulk', {
      body: { action: 'retry', filter: { name: 'purchase/email.send' }, concurrency: 2 },
    });
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ total: 3, summary: { queued: 3 } });
    await ctx.settle();
    expect(await ctx.lifeline.deadLetters.count({ kind: 'email', status: 'resolved' })).toBe(3);
    expect(await ctx.lifeline.deadLetters.count({ kind: 'webhook', status: 'open' })).toBe(2);
  });

  test.each([
    [{ action: 'retry' }, 'ids'],
    [{ action: 'retry', ids: ['a'], filter: {} }, 'ids'],
    [{ action: 'delete', ids: ['a'] }, 'action'],
    [{ action: 'resolve', ids: ['a'] }, 'note'],
    [{ action: 'retry', ids: [] }, 'ids'],
    [{ action: 'retry', ids: ['bad id'] }, 'ids.0'],
    [{ action: 'retry', filter: { kind: 'fax' } }, 'filter.kind'],
    [{ action: 'retry', filter: { from: 'last week' } }, 'filter.from'],
    [{ action: 'retry', filter: { from: 10, to: 5 } }, 'filter.to'],
    [{ action: 'retry', ids: ['a'], dryRun: 'yes' }, 'dryRun'],
    [{ action: 'retry', ids: ['a'], concurrency: 100 }, 'concurrency'],
  ])('body %j is a 400 naming %s', async (body, field) => {
    const ctx = await seededAdmin();
    const before = await ctx.entries();
    const response = await ctx.call('/admin/api/failed-operations/bulk', { body });
    expect(response.status).toBe(400);
    expect(response.json.issues.map((issue: any) => issue.field)).toContain(field);
    expect(await ctx.entries()).toEqual(before);
  });

  test('a filter matching more than maxBulkItems is refused', async () => {
    const ctx = await seededAdmin({ maxBulkItems: 2 });
    const response = await ctx.call('/admin/api/failed-operations/bulk', {
      body: { action: 'retry', filter: { kind: 'email' } },
    });
    expect(response.status).toBe(400);
    expect(response.json.issues[0]).toMatchObject({
      field: 'filter',
      message: expect.stringContaining('matches 3 entries'),
    });
  });
});

describe('routing', () => {
  test('unknown routes are 404 and wrong methods 405, all no-store', async () => {
    const { call } = await seededAdmin();
    const cases = [
      [await call('/admin/api/nothing'), 404],
      [await call('/admin/api/failed-operations', { method: 'POST', body: {} }), 405],
      [await call('/admin/api/failed-operations/bulk'), 405],
      [await call('/admin/api/failed-operations/x/retry'), 405],
      [await call('/admin/api/failed-operations/x/explode', { body: {} }), 404],
      [await call('/admin/api/failed-operations', { method: 'PUT', body: {} }), 405],
      [await call('/elsewhere'), 404],
    ] as const;
    for (const [response, status] of cases) {
      expect(response.status).toBe(status);
      expect(response.headers.get('cache-control')).toBe('no-store');
    }
  });
});

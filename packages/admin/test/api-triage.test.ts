import { describe, expect, test } from 'vitest';
import { seededAdmin } from './harness';

describe('search, totals and groups', () => {
  test('q finds an entry by id, idempotency key, purchase id or email, case-insensitive', async () => {
    const ctx = await seededAdmin();
    const p2 = (await ctx.entries()).find((entry) => (entry.payload as any).purchaseId === 'p_2')!;
    for (const q of [p2.id, 'receipt:p_2', 'P_2', 'Buyer2@Example.com']) {
      const response = await ctx.call(`/admin/api/failed-operations?q=${encodeURIComponent(q)}`);
      expect(response.status).toBe(200);
      expect(response.json.items.map((item: any) => item.id)).toEqual([p2.id]);
    }
    expect((await ctx.call('/admin/api/failed-operations?q=nobody-at-all')).json.items).toEqual([]);
    const tooLong = await ctx.call(`/admin/api/failed-operations?q=${'x'.repeat(201)}`);
    expect(tooLong.status).toBe(400);
    expect(tooLong.json.issues[0].field).toBe('q');
  });

  test('the view endpoint renders totals, groups with counts and rows; an error filter narrows', async () => {
    const ctx = await seededAdmin();
    const view = await ctx.call('/admin/api/views/failed-operations');
    expect(view.status).toBe(200);
    const { fragments } = view.json;
    expect(fragments.totals).toContain('<strong>6</strong> matching');
    expect(fragments.totals).toContain('<strong>6</strong> open');
    expect(fragments.rows.match(/<tr data-id=/g)).toHaveLength(6);
    // Three errors: the SMTP outage (3 emails, one fingerprint), the webhook's permanent error (2), the job (1).
    const counts = [...fragments.groups.matchAll(/data-group-count>(\d+)</g)].map((match) => match[1]);
    expect(counts).toEqual(['3', '2', '1']);
    const fingerprint = /data-fingerprint="(fp_[0-9a-f]+)"/.exec(fragments.groups)![1];
    const narrowed = await ctx.call(`/admin/api/views/failed-operations?error=${fingerprint}`);
    expect(narrowed.json.fragments.rows.match(/<tr data-id=/g)).toHaveLength(3);
    expect(narrowed.json.fragments.totals).toContain('<strong>3</strong> matching');
    const bad = await ctx.call('/admin/api/views/failed-operations?kind=fax');
    expect(bad.status).toBe(400);
  });
});

describe('attempts on the detail', () => {
  test('every attempt with its time, duration, outcome, error and the delay before the next', async () => {
    const ctx = await seededAdmin();
    const p1 = (await ctx.entries()).find((entry) => (entry.payload as any).purchaseId === 'p_1')!;
    const response = await ctx.call(`/admin/api/failed-operations/${p1.id}`);
    const attempts = response.json.entry.attemptLog;
    expect(attempts).toHaveLength(2);
    expect(attempts[0]).toMatchObject({ attempt: 1, outcome: 'retrying', delayMs: 1_000 });
    expect(attempts[1]).toMatchObject({ attempt: 2, outcome: 'dead_lettered' });
    expect(attempts[1].delayMs).toBeUndefined();
    expect(attempts[0].error).toContain('SMTP 503');
    expect(typeof attempts[0].durationMs).toBe('number');
    const page = await ctx.call(`/admin/failed-operations/${p1.id}`);
    expect(page.text).toContain('<table class="attempts cards">');
    expect(page.text).toContain('<td data-label="Next attempt after">1 s</td>');
  });
});

describe('bulk jobs', () => {
  test('start by filter (202), watch progress, the job credits the admin; bad bodies are 400 naming the field', async () => {
    const ctx = await seededAdmin();
    for (let i = 1; i <= 3; i++) ctx.fixed.add(`p_${i}`);
    const started = await ctx.call('/admin/api/bulk-jobs', {
      body: { action: 'retry', filter: { name: 'purchase/email.send' }, canary: 1, stopAfterFailures: 2 },
    });
    expect(started.status).toBe(202);
    expect(started.json.job).toMatchObject({
      action: 'retry',
      total: 3,
      by: 'ada',
      canary: 1,
      stopAfterFailures: 2,
    });
    await ctx.clock.run(ctx.lifeline.bulkJobs.idle());
    const job = await ctx.call(`/admin/api/bulk-jobs/${started.json.job.id}?fragments=1`);
    expect(job.json.job).toMatchObject({ status: 'completed', done: 3, counts: { succeeded: 3 } });
    expect(job.json.fragments.progress).toContain('3 succeeded');
    expect(job.json.job.audit[0]).toMatchObject({ by: 'ada' });
    expect(job.json.job.items).toHaveLength(3);
    expect(await ctx.lifeline.deadLetters.count({ kind: 'email', status: 'resolved' })).toBe(3);
    const list = await ctx.call('/admin/api/bulk-jobs');
    expect(list.json.jobs.map((item: any) => item.id)).toEqual([started.json.job.id]);
    const page = await ctx.call(`/admin/bulk-jobs/${started.json.job.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<progress max="3" value="3"');

    for (const [body, field] of [
      [{ action: 'retry' }, 'ids'],
      [{ action: 'resolve', filter: {} }, 'note'],
      [{ action: 'retry', filter: { kind: 'fax' } }, 'filter.kind'],
      [{ action: 'retry', filter: {}, canary: 1000 }, 'canary'],
    ] as const) {
      const refused = await ctx.call('/admin/api/bulk-jobs', { body });
      expect(refused.status).toBe(400);
      expect(refused.json.issues.map((issue: any) => issue.field)).toContain(field);
    }
    expect((await ctx.call('/admin/api/bulk-jobs/job_missing')).status).toBe(404);
    expect((await ctx.call('/admin/bulk-jobs/job_missing')).status).toBe(404);
  });
});

describe('incidents', () => {
  test('grouped by error; acknowledge, mute and resolve are credited to the admin', async () => {
    const ctx = await seededAdmin();
    const listed = await ctx.call('/admin/api/incidents');
    expect(listed.status).toBe(200);
    const incidents = listed.json.incidents as any[];
    expect(incidents.map((incident) => incident.count)).toEqual([3, 2, 1]);
    const smtp = incidents[0];
    expect(smtp).toMatchObject({ status: 'open', errorName: 'Error' });
    expect(smtp.sampleMessage).toBe('SMTP 503 while sending to b***@example.com'); // customer emails are masked
    const ack = await ctx.call(`/admin/api/incidents/${smtp.fingerprint}/acknowledge`, { body: {} });
    expect(ack.status).toBe(200);
    expect(ack.json.state).toMatchObject({ status: 'acknowledged', updatedBy: 'ada' });
    const mute = await ctx.call(`/admin/api/incidents/${smtp.fingerprint}/mute`, {
      body: { forMs: 3_600_000 },
    });
    expect(mute.json.state.mutedUntil).toBe(ctx.clock.now() + 3_600_000);
    const after = (await ctx.call('/admin/api/incidents')).json.incidents[0];
    expect(after).toMatchObject({
      status: 'acknowledged',
      mutedUntil: ctx.clock.now() + 3_600_000,
      updatedBy: 'ada',
    });
    const page = await ctx.call('/admin/incidents');
    expect(page.status).toBe(200);
    expect(page.text).toContain('muted until');
    await ctx.call(`/admin/api/incidents/${smtp.fingerprint}/resolve`, { body: { note: 'Resend is back' } });
    expect((await ctx.call('/admin/api/incidents?status=resolved')).json.incidents).toHaveLength(1);
    expect(
      (await ctx.call(`/admin/api/incidents/${smtp.fingerprint}/mute`, { body: { forMs: 1 } })).status,
    ).toBe(400);
    expect((await ctx.call(`/admin/api/incidents/${smtp.fingerprint}/explode`, { body: {} })).status).toBe(
      404,
    );
  });
});

describe('health: durable alerts', () => {
  test('the page counts every alert in the window from the alert store, not the last 100 in memory', async () => {
    const ctx = await seededAdmin();
    const before = (await ctx.call('/admin/api/operations-health')).json.alertCount as number;
    for (let i = 0; i < 150; i++) {
      await ctx.lifeline.alert({
        severity: 'info',
        title: `Test alert ${i}`,
        message: 'waited 600000 ms',
        dedupeKey: `t${i}`,
      });
    }
    const health = (await ctx.call('/admin/api/operations-health')).json;
    expect(health.alertCount).toBe(before + 150);
    expect(health.alerts).toHaveLength(100);
    expect(health.alerts[0].message).toBe('waited 10 min');
    const page = await ctx.call('/admin/operations-health');
    expect(page.text).toContain(`(${before + 150} sent, newest 100 shown)`);
    expect(page.text).toContain('href="/admin/failed-operations?kind=email&amp;from=');
  });
});

import { describe, expect, test } from 'vitest';
import { seededAdmin } from './harness';

const HOUR = 3_600_000;

describe('GET /api/operations-health', () => {
  test('default window is 24 h: statuses against targets, hourly histogram, alerts', async () => {
    const ctx = await seededAdmin();
    const response = await ctx.call('/admin/api/operations-health');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const health = response.json;
    expect(health.windowMs).toBe(24 * HOUR);
    expect(health.to - health.from).toBe(24 * HOUR);
    const metric = (id: string) => health.metrics.find((m: any) => m.id === id);
    // 7 emails finished: 4 succeeded, 3 dead-lettered → 57% < 95% alert threshold.
    expect(metric('emailDeliveryRate')).toMatchObject({
      value: 4 / 7,
      status: 'critical',
      target: 0.99,
      alert: 0.95,
      sample: 7,
    });
    expect(metric('webhookSuccessRate')).toMatchObject({ value: 0, status: 'critical', sample: 2 });
    expect(metric('openDeadLetters')).toMatchObject({ value: 6, status: 'healthy' });
    expect(health.metrics.map((m: any) => m.id)).toEqual([
      'emailDeliveryRate',
      'webhookSuccessRate',
      'openDeadLetters',
      'retrySuccessRate',
      'avgTimeToSuccessMs',
      'p95TimeToSuccessMs',
    ]);
    expect(health.status).toBe('critical');
    const { bucketMs, buckets } = health.histogram;
    expect(bucketMs).toBe(HOUR);
    expect(buckets.length).toBeGreaterThanOrEqual(24);
    expect(buckets.length).toBeLessThanOrEqual(25);
    expect(buckets.every((b: any, i: number) => i === 0 || b.start - buckets[i - 1].start === HOUR)).toBe(
      true,
    );
    const total = (key: string) => buckets.reduce((sum: number, b: any) => sum + b[key], 0);
    expect(total('succeeded')).toBe(4);
    expect(total('deadLettered')).toBe(6);
    expect(total('retrying')).toBe(3); // the first attempts of the 3 failed emails
    // One dead-letter alert per failed operation name at least, newest first.
    expect(health.alerts.length).toBeGreaterThan(0);
    expect(health.alerts.map((a: any) => a.at)).toEqual(
      [...health.alerts.map((a: any) => a.at)].sort((a: number, b: number) => b - a),
    );
  });

  test('?window=1h narrows the report to the last hour', async () => {
    const ctx = await seededAdmin();
    const response = await ctx.call('/admin/api/operations-health?window=1h');
    expect(response.status).toBe(200);
    expect(response.json.windowMs).toBe(HOUR);
    const email = response.json.metrics.find((m: any) => m.id === 'emailDeliveryRate');
    // Only the 4 successful emails (sent in the last hour) are in the window.
    expect(email).toMatchObject({ value: 1, sample: 4, status: 'healthy' });
    const days = await ctx.call('/admin/api/operations-health?window=7d');
    expect(days.json.windowMs).toBe(7 * 24 * HOUR);
    expect(days.json.histogram.buckets.length).toBeGreaterThanOrEqual(168);
    expect((await ctx.call(`/admin/api/operations-health?window=${2 * HOUR}`)).json.windowMs).toBe(2 * HOUR);
  });

  test.each(['abc', '0m', '30s', '40d', '-1h', ''])('?window=%s is a 400 naming window', async (window) => {
    const { call } = await seededAdmin();
    const response = await call(`/admin/api/operations-health?window=${window}`);
    expect(response.status).toBe(400);
    expect(response.json.issues).toEqual([expect.objectContaining({ field: 'window', received: window })]);
  });

  test('unknown parameters are refused', async () => {
    const { call } = await seededAdmin();
    const response = await call('/admin/api/operations-health?windw=1h');
    expect(response.status).toBe(400);
    expect(response.json.issues[0].message).toContain('windw');
  });
});

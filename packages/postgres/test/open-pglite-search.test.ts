import { describe, expect, test } from 'vitest';
import { migrate, openPglite, postgresDeadLetterStore } from '../src/index';

describe('openPglite with migration 004', () => {
  test('loads pg_trgm, so dead-letter search gets its trigram index and finds by payload value', async () => {
    const { sql, close } = await openPglite();
    try {
      await migrate(sql);
      const { rows } = await sql.query<{ indexdef: string }>(
        `SELECT indexdef FROM pg_indexes WHERE schemaname = 'lifeline' AND indexname = 'dead_letters_search'`,
      );
      expect(rows[0]?.indexdef).toMatch(/gin \(search_text \S*gin_trgm_ops\)/);
      const store = postgresDeadLetterStore(sql);
      const entry = await store.record({
        kind: 'email',
        name: 'purchase/email.send',
        payload: { purchaseId: 'pur_123', email: 'Ada@Example.com' },
        error: { name: 'Error', message: 'HTTP 503' },
        attempts: 3,
        idempotencyKey: 'receipt:pur_123',
        firstFailedAt: 1,
        failedAt: 2,
      });
      expect((await store.list({ search: 'ada@example' })).items.map((e) => e.id)).toEqual([entry.id]);
    } finally {
      await close();
    }
  }, 120_000);
});

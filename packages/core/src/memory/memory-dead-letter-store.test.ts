import { describe, expect, test } from 'vitest';
import type { NewDeadLetter } from '../contracts/dead-letter-store';
import { isValidationError } from '../errors/validation-error';
import { memoryDeadLetterStore } from './memory-dead-letter-store';

const entry = (overrides: Partial<NewDeadLetter> = {}): NewDeadLetter => ({
  kind: 'email',
  name: 'purchase/email.send',
  payload: { to: 'ada@example.com' },
  error: { name: 'Error', message: 'boom' },
  attempts: 3,
  idempotencyKey: 'receipt:1',
  firstFailedAt: 1_000,
  failedAt: 2_000,
  ...overrides,
});

describe('memoryDeadLetterStore', () => {
  test('ids are dl_ + a UUID by default, or from generateId', async () => {
    expect((await memoryDeadLetterStore().record(entry())).id).toMatch(/^dl_[0-9a-f-]{36}$/);
    let n = 0;
    const store = memoryDeadLetterStore({ generateId: () => `custom-${++n}` });
    expect((await store.record(entry())).id).toBe('custom-1');
  });

  test('a generateId that repeats itself is an error, not an overwrite', async () => {
    const store = memoryDeadLetterStore({ generateId: () => 'same' });
    await store.record(entry());
    await expect(store.record(entry({ name: 'other' }))).rejects.toThrow(
      /generateId returned "same", which is already in use/,
    );
    expect((await store.get('same'))?.name).toBe('purchase/email.send');
  });

  test('invalid input is rejected with the field, the problem and the value', async () => {
    const store = memoryDeadLetterStore();
    const bad = await store.record(entry({ kind: 'sms' as never, attempts: -1 })).catch((e: unknown) => e);
    expect(isValidationError(bad)).toBe(true);
    expect((bad as Error).message).toMatch(
      /^Invalid dead letter: kind: .*\(received "sms"\); attempts: .*\(received -1\)/,
    );
    await expect(store.list({ limit: 501 })).rejects.toThrow(
      /Invalid dead-letter list options: limit: must be at most 500 \(received 501\)/,
    );
    await expect(store.list({ limit: 0 })).rejects.toThrow(/limit: must be at least 1 \(received 0\)/);
    await expect(store.list({ cursor: 'garbage' })).rejects.toThrow(
      /cursor: is not a nextCursor returned by list\(\)/,
    );
    const { id } = await store.record(entry());
    await expect(store.transition(id, { from: 'open', to: 'retrying', by: '', at: 1 })).rejects.toThrow(
      new RegExp(`transition of dead letter "${id}": by: must say who acted`),
    );
  });

  test('a disallowed move names the statuses it could come from', async () => {
    const store = memoryDeadLetterStore();
    const { id } = await store.record(entry());
    await expect(store.transition(id, { from: 'open', to: 'open', by: 'x', at: 1 })).rejects.toThrow(
      `Cannot move "${id}" to "open": it is "open", expected retrying`,
    );
  });

  test('the cursor is opaque base64url', async () => {
    const store = memoryDeadLetterStore();
    for (let i = 0; i < 3; i++) await store.record(entry({ failedAt: i, idempotencyKey: `receipt:${i}` }));
    const { nextCursor } = await store.list({ limit: 1 });
    expect(nextCursor).toMatch(/^[A-Za-z0-9_-]+$/);
  });
});

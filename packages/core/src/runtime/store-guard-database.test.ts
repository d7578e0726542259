import { describe, expect, test } from 'vitest';
import { isStoreUnavailableError, StoreUnavailableError } from '../errors/store-unavailable-error';
import { ValidationError } from '../errors/validation-error';
import { guardStore } from './store-guard';

describe('guardStore and a database client outage', () => {
  test("a database client's StoreUnavailableError is named after the store and method it was for, cause kept", async () => {
    const lost = Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' });
    const store = {
      claim: async () => {
        throw new StoreUnavailableError('database', 'query', { cause: lost });
      },
    };
    const error = await guardStore(store, 'idempotency', () => {})
      .claim()
      .catch((e: unknown) => e);
    expect(isStoreUnavailableError(error)).toBe(true);
    expect(error).toMatchObject({ store: 'idempotency', method: 'claim', cause: lost });
  });

  test('other Lifeline errors still pass through unchanged', async () => {
    const invalid = new ValidationError('payload', []);
    const store = {
      record: async () => {
        throw invalid;
      },
    };
    await expect(guardStore(store, 'deadLetters', () => {}).record()).rejects.toBe(invalid);
  });
});

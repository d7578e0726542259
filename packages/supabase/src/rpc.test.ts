import { classifyError, isConfigurationError, isValidationError } from '@lifeline/core';
import { describe, expect, test } from 'vitest';
import { rpcCaller, rpcError } from './rpc';
import { isSupabaseRpcError } from './supabase-rpc-error';

describe('rpcError: what a supabase-js { error, status } becomes', () => {
  test('no response (status 0) is a retryable SupabaseRpcError', () => {
    const error = rpcError('lifeline_x', { message: 'TypeError: fetch failed', code: '' }, 0);
    expect(isSupabaseRpcError(error)).toBe(true);
    expect(error).toMatchObject({ status: 0, retryable: true, fn: 'lifeline_x' });
    expect(classifyError(error).retryable).toBe(true);
  });

  test('refusals (42501, 401, 403) and a missing function (PGRST202, 404) are permanent ConfigurationErrors', () => {
    for (const [code, status, words] of [
      ['42501', 403, 'service_role'],
      ['PGRST301', 401, 'service_role'],
      ['PGRST202', 404, 'supabase db push'],
      ['42883', 404, 'supabase db push'],
    ] as const) {
      const error = rpcError('lifeline_x', { code, message: 'no' }, status);
      expect(isConfigurationError(error), code).toBe(true);
      expect((error as Error).message).toContain(words);
      expect(classifyError(error).retryable).toBe(false);
    }
  });

  test('other errors keep status and code: 5xx and LL503 retryable, 4xx not', () => {
    const busy = rpcError('lifeline_x', { code: '53300', message: 'too many connections' }, 503);
    expect(busy).toMatchObject({ status: 503, pgCode: '53300', retryable: true });
    expect(classifyError(busy).retryable).toBe(true);
    const handedOver = rpcError(
      'lifeline_idempotency_claim',
      { code: 'LL503', message: 'changed hands' },
      400,
    );
    expect(handedOver).toMatchObject({ status: 503, retryable: true });
    const bad = rpcError(
      'lifeline_x',
      { code: '23514', message: 'check violation', details: 'd', hint: 'h' },
      400,
    );
    expect(bad).toMatchObject({ status: 400, pgCode: '23514', details: 'd', hint: 'h', retryable: false });
    expect(classifyError(bad).retryable).toBe(false);
  });
});

describe('rpcCaller options', () => {
  test('refuses what is not a supabase-js client, and a timeout that is not a positive number', () => {
    expect(() => rpcCaller({} as never)).toThrow(/supabase-js client/);
    const client = { schema: () => ({}) } as never;
    for (const timeoutMs of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      let error: unknown;
      try {
        rpcCaller(client, { timeoutMs });
      } catch (caught) {
        error = caught;
      }
      expect(isValidationError(error)).toBe(true);
    }
  });
});

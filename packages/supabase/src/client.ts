import type { SupabaseClient } from '@supabase/supabase-js';

/**
 * A supabase-js client, typed with your generated `Database` or not. On Node 20, create it with the
 * `ws` transport (`createClient(url, key, { realtime: { transport: ws } })`): supabase-js 2.109 throws
 * without it.
 */
export type AnySupabaseClient = SupabaseClient<any, any, any>;

/** Options every Supabase store accepts. */
export interface SupabaseStoreOptions {
  /**
   * Time limit of one RPC call in ms; supabase-js has none of its own, so a hung connection would
   * otherwise wait forever. A call past it fails with `TimeoutError` (retryable). Default 10,000.
   */
  timeoutMs?: number;
}

/** @internal The default of {@link SupabaseStoreOptions.timeoutMs}. */
export const DEFAULT_TIMEOUT_MS = 10_000;

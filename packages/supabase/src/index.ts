/**
 * `@lifeline/supabase`: Lifeline's durable state on Supabase. A migration ready for `supabase db push`
 * (the `@lifeline/postgres` schema, Row Level Security so only `service_role` and admins see it, and
 * atomic RPC functions), and stores on supabase-js that call those functions.
 *
 * ```sh
 * npm install @lifeline/core @lifeline/supabase @supabase/supabase-js ws
 * npx lifeline-supabase-migration && supabase db push
 * ```
 *
 * ```ts
 * import { createClient } from '@supabase/supabase-js';
 * import ws from 'ws';
 * import { createLifeline } from '@lifeline/core';
 * import { supabaseDeadLetterStore, supabaseIdempotencyStore, supabaseOperationLog,
 *   supabaseThrottleStore } from '@lifeline/supabase';
 *
 * // Server side only: the service_role key bypasses Row Level Security. `ws` is needed on Node 20.
 * const supabase = createClient(process.env.SUPABASE_URL!, process.env.SUPABASE_SERVICE_ROLE_KEY!, {
 *   auth: { persistSession: false },
 *   realtime: { transport: ws as never }, // `ws`'s typings differ from supabase-js's WebSocket type
 * });
 * const lifeline = createLifeline({
 *   operations: [sendReceipt],
 *   deadLetters: supabaseDeadLetterStore(supabase),
 *   idempotency: supabaseIdempotencyStore(supabase),
 *   log: supabaseOperationLog(supabase),
 *   throttleStore: supabaseThrottleStore(supabase),
 * });
 * ```
 *
 * @module
 */
export type { AnySupabaseClient, SupabaseStoreOptions } from './client';
export * from './cursors/cursor-store';
export * from './dead-letters/dead-letter-store';
export * from './idempotency/idempotency-store';
export * from './operation-log/operation-log';
export * from './supabase-rpc-error';
export * from './throttle/throttle-store';
export * from './triage/alert-store';
export * from './triage/bulk-job-store';
export * from './triage/incident-store';

import { ConfigurationError, TimeoutError, ValidationError } from '@lifeline/core';
import { type AnySupabaseClient, DEFAULT_TIMEOUT_MS, type SupabaseStoreOptions } from './client';
import { SupabaseRpcError } from './supabase-rpc-error';

/** What supabase-js puts in `error` (PostgREST's error body, or its own for network failures). */
interface RpcFailure {
  code?: string | null;
  message?: string | null;
  details?: string | null;
  hint?: string | null;
}

/** @internal A bound caller of Lifeline's RPC functions on one client. */
export type Rpc = (fn: string, args: Record<string, unknown>) => Promise<unknown>;

/** @internal Checks the options and returns a caller of `public.<fn>` with the store's time limit. */
export function rpcCaller(client: AnySupabaseClient, options: SupabaseStoreOptions = {}): Rpc {
  if (!client || typeof (client as { schema?: unknown }).schema !== 'function') {
    throw new ConfigurationError(
      'A Lifeline Supabase store needs a supabase-js client (createClient(url, key, { realtime: { transport: ws } })); got ' +
        `${client === null ? 'null' : typeof client}`,
    );
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new ValidationError('Supabase store options', [
      { path: 'timeoutMs', message: 'must be a number of ms > 0', received: timeoutMs },
    ]);
  }
  return async (fn, args) => {
    const signal = AbortSignal.timeout(timeoutMs);
    // `public` explicitly: the functions live there whatever the client's default schema is.
    const { data, error, status } = await client.schema('public').rpc(fn, args).abortSignal(signal);
    if (!error) return data;
    if (signal.aborted) throw new TimeoutError(timeoutMs, { cause: error });
    throw rpcError(fn, error, status);
  };
}

/** @internal Maps a supabase-js `{ error, status }` to the Lifeline error that says what to do. */
export function rpcError(fn: string, error: RpcFailure, status: number): Error {
  const code = error.code ?? '';
  const message = error.message ?? '(no message)';
  const said = `HTTP ${status}${code ? `, ${code}` : ''}: ${message}`;
  const fields = { fn, status, pgCode: code, details: error.details ?? null, hint: error.hint ?? null };
  if (status === 0) {
    return new SupabaseRpcError(
      `Could not reach Supabase to call ${fn} (${message}); nothing is known to have changed, try again`,
      fields,
      { cause: error },
    );
  }
  if (code === '42501' || status === 401 || status === 403) {
    return new ConfigurationError(
      `Supabase refused ${fn} (${said}). Lifeline's data is only for service_role and admins: give the store a ` +
        'client made with the service_role key (server side only), or one signed in as a user lifeline.is_admin() accepts',
      { cause: error },
    );
  }
  if (code === 'PGRST202' || code === 'PGRST106' || code === '42883' || status === 404) {
    return new ConfigurationError(
      `${fn} is not available on this Supabase project (${said}). Apply @lifeline/supabase's migration: ` +
        '`npx lifeline-supabase-migration && supabase db push`',
      { cause: error },
    );
  }
  if (code === 'LL503') return new SupabaseRpcError(message, { ...fields, status: 503 }, { cause: error });
  return new SupabaseRpcError(`Supabase ${fn} failed (${said})`, fields, { cause: error });
}

/** @internal The error for a response that is not what the RPC function returns: a stale migration, most likely. */
export function unexpectedResponse(fn: string, data: unknown): ConfigurationError {
  const shown = JSON.stringify(data) ?? String(data);
  return new ConfigurationError(
    `Supabase ${fn} returned ${shown.length > 80 ? `${shown.slice(0, 77)}...` : shown}, not what Lifeline's ` +
      'migration defines; is the project on the migration of this @lifeline/supabase version?',
  );
}

/** @internal `data` when it is a plain JSON object, else throws {@link unexpectedResponse}. */
export function objectFrom<T>(fn: string, data: unknown): T {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw unexpectedResponse(fn, data);
  return data as T;
}

import { isLifelineError, LifelineError, type LifelineErrorOptions } from '@lifeline/core';

/** What a failed RPC call reported, kept on {@link SupabaseRpcError}. */
export interface SupabaseRpcErrorFields {
  /** The RPC function called, e.g. `lifeline_dead_letter_list`. */
  fn: string;
  /** The HTTP status supabase-js reported: `0` when no response came (connection refused, reset). */
  status: number;
  /** The PostgREST / Postgres error code (`PGRST…` or a SQLSTATE), or `''`. */
  pgCode: string;
  /** PostgREST's `details`, when given. */
  details?: string | null;
  /** PostgREST's `hint`, when given. */
  hint?: string | null;
}

/**
 * A Lifeline RPC call to Supabase failed for a reason no more specific Lifeline error describes: the
 * server could not be reached (`status: 0`), or it answered with an error. It carries the HTTP `status`,
 * so `classifyError` from `@lifeline/core` treats 408/425/429/5xx and `status: 0` as retryable and other
 * 4xx as permanent; `retryable` says the same.
 *
 * @example
 * ```ts
 * try {
 *   await deadLetters.list();
 * } catch (error) {
 *   if (isSupabaseRpcError(error) && error.retryable) console.warn('Supabase unreachable, try again', error.status);
 * }
 * ```
 */
export class SupabaseRpcError extends LifelineError {
  /** The RPC function called. */
  readonly fn: string;
  /** HTTP status, `0` when no response came. */
  readonly status: number;
  /** The PostgREST / Postgres error code, or `''`. */
  readonly pgCode: string;
  /** PostgREST's `details`. */
  readonly details: string | null;
  /** PostgREST's `hint`. */
  readonly hint: string | null;
  /** True when another attempt may succeed: no response, or HTTP 408, 425, 429 or 5xx. */
  readonly retryable: boolean;

  constructor(message: string, fields: SupabaseRpcErrorFields, options: LifelineErrorOptions = {}) {
    super(message, 'LIFELINE_ERROR', options);
    this.name = 'SupabaseRpcError';
    this.fn = fields.fn;
    this.status = fields.status;
    this.pgCode = fields.pgCode;
    this.details = fields.details ?? null;
    this.hint = fields.hint ?? null;
    this.retryable = fields.status === 0 || [408, 425, 429].includes(fields.status) || fields.status >= 500;
  }
}

/** True for a {@link SupabaseRpcError}, also one from another installed copy of the package. */
export function isSupabaseRpcError(error: unknown): error is SupabaseRpcError {
  return isLifelineError(error) && error.name === 'SupabaseRpcError';
}

import { ConfigurationError, type Lifeline } from '@lifeline/core';
import { z } from 'zod';
import type { Authorizer } from './auth/authorizer';

/** Options of {@link createAdminHandler}. Only `lifeline` and `authorize` are required. */
export interface AdminHandlerOptions {
  /** The runtime whose dead letters, health and alerts the admin shows and acts on. */
  lifeline: Lifeline;
  /** Decides who is an admin; required (see `bearerTokenAuthorizer`, `supabaseJwtAuthorizer`). */
  authorize: Authorizer;
  /** Where the handler is mounted; default `'/admin'`. Use `''` to mount at the root. */
  basePath?: string;
  /** Extra origins allowed to send state-changing requests (e.g. `https://admin.example.com` behind a proxy). */
  allowedOrigins?: readonly string[];
  /** Bucket width of the outcomes chart; default one hour. */
  histogramBucketMs?: number;
  /** How long a retry request waits for the re-run's result before answering `queued`; default 5 s, 0 = never wait. */
  retryWaitMs?: number;
  /** Most entries one bulk request may act on; default 1000. */
  maxBulkItems?: number;
  /** Who may reveal masked payload fields; default every authorized admin. Every reveal is logged. */
  canReveal?: (admin: string, request: Request) => boolean | Promise<boolean>;
  /** Serve the token login form on `{base}/login`; default true. Turn off when `authorize` reads your app's own session. */
  loginForm?: boolean;
  /** How often open pages refresh their lists and counts without a reload, in ms; default 5000, 0 = never. */
  refreshMs?: number;
}

/** The options with defaults filled in. */
export interface ResolvedAdminOptions {
  lifeline: Lifeline;
  authorize: Authorizer;
  basePath: string;
  allowedOrigins: readonly string[];
  histogramBucketMs: number;
  retryWaitMs: number;
  maxBulkItems: number;
  canReveal: (admin: string, request: Request) => boolean | Promise<boolean>;
  loginForm: boolean;
  refreshMs: number;
}

const isFunction = (value: unknown) => typeof value === 'function';

const optionsSchema = z.object({
  lifeline: z.custom<Lifeline>(
    (value) => typeof value === 'object' && value !== null && 'deadLetters' in value && 'redrive' in value,
    'must be the runtime from createLifeline()',
  ),
  authorize: z.custom<Authorizer>(
    isFunction,
    'is required: a function (request) => Promise<{ ok, admin } | { ok: false, status, reason }>, e.g. bearerTokenAuthorizer({ token })',
  ),
  basePath: z
    .string()
    .regex(/^(\/[A-Za-z0-9._~-]+)*\/?$/, 'must be a path such as "/admin" (or "" for the root)')
    .optional(),
  allowedOrigins: z
    .array(
      z
        .url({ protocol: /^https?$/ })
        .refine(
          (value) => new URL(value).origin === value,
          'must be an origin (scheme://host[:port], no path)',
        ),
    )
    .optional(),
  histogramBucketMs: z.number().int().min(60_000, 'must be at least one minute').optional(),
  retryWaitMs: z.number().int().min(0).max(120_000).optional(),
  maxBulkItems: z.number().int().min(1).max(10_000).optional(),
  canReveal: z.custom<ResolvedAdminOptions['canReveal']>(isFunction, 'must be a function').optional(),
  loginForm: z.boolean().optional(),
  refreshMs: z
    .number()
    .int()
    .refine((value) => value === 0 || (value >= 250 && value <= 600_000), 'must be 0 (off) or 250..600000 ms')
    .optional(),
});

/** Validates the options and fills in defaults; throws a ConfigurationError naming each wrong option. */
export function resolveAdminOptions(options: AdminHandlerOptions): ResolvedAdminOptions {
  const parsed = optionsSchema.safeParse(options ?? {});
  if (!parsed.success) {
    const detail = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || 'options'} ${issue.message}`)
      .join('; ');
    throw new ConfigurationError(`createAdminHandler: ${detail}`);
  }
  const value = parsed.data;
  return {
    lifeline: value.lifeline,
    authorize: value.authorize,
    basePath: (value.basePath ?? '/admin').replace(/\/$/, ''),
    allowedOrigins: value.allowedOrigins ?? [],
    histogramBucketMs: value.histogramBucketMs ?? 3_600_000,
    retryWaitMs: value.retryWaitMs ?? 5_000,
    maxBulkItems: value.maxBulkItems ?? 1_000,
    canReveal: value.canReveal ?? (() => true),
    loginForm: value.loginForm ?? true,
    refreshMs: value.refreshMs ?? 5_000,
  };
}

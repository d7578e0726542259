import { ConfigurationError } from '@lifeline/core';
import { z } from 'zod';

/** `KEY=` in a .env file means "not set", not "set to the empty string". */
const optional = z.preprocess(
  (value) => (value === '' ? undefined : value),
  z.string().trim().min(1).optional(),
);
const withDefault = (fallback: string) =>
  z.preprocess((value) => (value === '' || value === undefined ? fallback : value), z.string().trim().min(1));

const envSchema = z.object({
  /** Public URL of the app: download links in receipts, Stripe redirects, links in alerts. */
  APP_URL: withDefault('http://localhost:3000').pipe(z.url({ protocol: /^https?$/ })),
  /** PostgreSQL (e.g. Supabase's connection string); unset = embedded PGlite in LIFELINE_DATA_DIR. */
  DATABASE_URL: optional.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'a postgres:// URL')
      .optional(),
  ),
  LIFELINE_DATA_DIR: withDefault('.lifeline-data/next-checkout'),
  STRIPE_SECRET_KEY: optional.pipe(
    z
      .string()
      .regex(/^(sk|rk)_/, 'a Stripe secret key (sk_… or rk_…)')
      .optional(),
  ),
  STRIPE_WEBHOOK_SECRET: optional.pipe(
    z.string().startsWith('whsec_', 'a signing secret (whsec_…)').optional(),
  ),
  RESEND_API_KEY: optional.pipe(z.string().startsWith('re_', 'a Resend API key (re_…)').optional()),
  MAIL_FROM: withDefault('Lead Shop <onboarding@resend.dev>'),
  SLACK_WEBHOOK_URL: optional.pipe(z.url({ protocol: /^https?$/ }).optional()),
  INNGEST_EVENT_KEY: optional,
  INNGEST_SIGNING_KEY: optional,
  INNGEST_DEV: optional,
  ADMIN_TOKEN: optional.pipe(z.string().min(16, 'at least 16 characters').optional()),
  LIFELINE_FAKE_MAILER_FAIL: withDefault('never').pipe(z.enum(['never', 'always', 'tagged'])),
});

/** The app's configuration, read once from the environment. */
export type AppEnv = z.output<typeof envSchema>;

/**
 * Reads and checks the environment. A bad value stops the app at start with a message naming the
 * variable, instead of failing on the first purchase.
 */
export function readEnv(source: NodeJS.ProcessEnv = process.env): AppEnv {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    // Values are left out of the message on purpose: most of these variables are secrets.
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigurationError(`Invalid environment (see .env.example): ${problems.join('; ')}`);
  }
  return parsed.data;
}

/** True when Inngest should run the operations (an Inngest key, or INNGEST_DEV for the local dev server). */
export const usesInngest = (env: AppEnv): boolean =>
  Boolean(env.INNGEST_EVENT_KEY || env.INNGEST_SIGNING_KEY || env.INNGEST_DEV);

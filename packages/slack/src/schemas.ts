import type { Clock, Logger } from '@lifeline/core';
import { z } from 'zod';

/** An `Alert` as the Slack alerter accepts it (core's `Alert` contract, checked at run time). */
export const alertSchema = z.object({
  severity: z.enum(['info', 'warning', 'critical']),
  title: z.string().trim().min(1, 'title must not be empty'),
  message: z.string(),
  fields: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null(), z.undefined()]))
    .optional(),
  dedupeKey: z.string().min(1).max(1_000).optional(),
  url: z.string().min(1).optional(),
});

const isObjectWith = (method: string) => (value: unknown) =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Record<string, unknown>)[method] === 'function';

/** The options of `slackAlerter`, with their defaults. */
export const slackAlerterOptionsSchema = z
  .object({
    webhookUrl: z.url({ protocol: /^https?$/, error: 'webhookUrl must be an http(s) URL' }).optional(),
    client: z
      .custom<{ send: (message: never) => Promise<unknown> }>(
        isObjectWith('send'),
        'expected an IncomingWebhook (with send)',
      )
      .optional(),
    channelLabel: z.string().trim().min(1).max(80).optional(),
    adminUrl: z.url({ protocol: /^https?$/, error: 'adminUrl must be an http(s) URL' }).optional(),
    redact: z.boolean().default(true),
    cooldownMs: z
      .number()
      .int()
      .nonnegative()
      .default(10 * 60_000),
    digestThreshold: z.number().int().positive().default(10),
    digestIntervalMs: z.number().int().positive().default(60_000),
    clock: z
      .custom<Clock>(isObjectWith('setTimer'), 'expected a Clock (systemClock() or virtualClock())')
      .optional(),
    logger: z.custom<Logger>(isObjectWith('error'), 'expected a Logger (console fits)').optional(),
    maxRetries: z.number().int().min(0).max(10).default(3),
    requestTimeoutMs: z.number().int().positive().default(10_000),
  })
  .refine((options) => Boolean(options.webhookUrl) !== Boolean(options.client), {
    message:
      'pass exactly one of webhookUrl (e.g. process.env.SLACK_WEBHOOK_URL) or client (an IncomingWebhook)',
    path: ['webhookUrl'],
  });

/** Options after validation, defaults applied. */
export type ResolvedSlackOptions = z.output<typeof slackAlerterOptionsSchema>;

import type { QueuedEvent } from '@lifeline/core';
import { z } from 'zod';

/**
 * What a BullMQ job carries: the whole `QueuedEvent` as the runtime gave it (every field, including any a
 * later version adds: the schema keeps unknown fields) and the number of the attempt to run next.
 */
export interface JobData {
  event: QueuedEvent;
  /** 1-based; a retry with `sameAttempt` keeps it, a stalled (crashed) attempt keeps it too. */
  attempt: number;
}

const eventSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string().min(1),
  kind: z.enum(['email', 'webhook', 'job']),
  data: z.unknown(),
  idempotencyKey: z.string().min(1),
  enqueuedAt: z.number().finite(),
  redriveOf: z.string().optional(),
  redriveBy: z.string().optional(),
  runAt: z.number().finite().optional(),
});

const jobDataSchema = z.object({ event: eventSchema, attempt: z.number().int().min(1) });

/**
 * Reads a job's data back from Redis, checking its shape: a job written by something other than this
 * adapter (or a corrupted one) fails here with the job id and what was wrong, instead of reaching an
 * operation with half an event.
 */
export function parseJobData(raw: unknown, jobId: string | undefined): JobData {
  const parsed = jobDataSchema.safeParse(raw);
  if (!parsed.success)
    throw new Error(
      `@lifeline/bullmq: job ${jobId ?? '(no id)'} does not hold a Lifeline event: ${parsed.error.issues
        .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
        .join('; ')}`,
    );
  return parsed.data as JobData;
}

import { z } from 'zod';
import type { BulkOutcomeCounts } from '../contracts/bulk-job-store';
import { filterSchema } from './dead-letter-schemas';

const time = z.number().finite('must be a finite number of epoch ms');
const jobStatus = z.enum(['running', 'completed', 'aborted', 'stopped']);

/** zod schemas of the bulk-job store's inputs, shared with the SQL adapters. */
export const newBulkJobSchema = z.object({
  action: z.enum(['retry', 'resolve']),
  filter: filterSchema.optional(),
  ids: z.array(z.string().min(1)).max(100_000, 'must hold at most 100,000 ids'),
  by: z.string().min(1, 'must say who started the job'),
  note: z.string().optional(),
  createdAt: time,
  canary: z.number().int().nonnegative(),
  maxNewFailures: z.number().int().nonnegative(),
  paceMs: z.number().finite().nonnegative(),
});

/** The bulk-job store input schema, shared with the SQL adapters. */
export const leaseSchema = z.object({ owner: z.string().min(1), until: time, now: time });

/** The bulk-job store input schema, shared with the SQL adapters. */
export const bulkItemSchema = z.object({
  index: z.number().int().nonnegative(),
  deadLetterId: z.string().min(1),
  outcome: z.enum(['resolved', 'failed', 'queued', 'conflict', 'not_found']),
  error: z.string().optional(),
  at: time,
});

/** The bulk-job store input schema, shared with the SQL adapters. */
export const finishSchema = z.object({
  status: z.enum(['completed', 'aborted', 'stopped']),
  at: time,
  stopReason: z.string().optional(),
});

/** The bulk-job store input schema, shared with the SQL adapters. */
export const abortSchema = z.object({ by: z.string().min(1, 'must say who aborted'), at: time });

/** The bulk-job store input schema, shared with the SQL adapters. */
export const jobListSchema = z.object({
  status: z.union([jobStatus, z.array(jobStatus)]).optional(),
  cursor: z.string().optional(),
  limit: z.number().int().min(1, 'must be at least 1').max(500, 'must be at most 500').optional(),
});

/** The bulk-job store input schema, shared with the SQL adapters. */
export const itemListSchema = z.object({
  cursor: z.string().regex(/^\d+$/, 'is not a nextCursor returned by items()').optional(),
  limit: z.number().int().min(1, 'must be at least 1').max(1000, 'must be at most 1000').optional(),
});

/** Zero of every outcome. */
export const emptyOutcomeCounts = (): BulkOutcomeCounts => ({
  resolved: 0,
  failed: 0,
  queued: 0,
  conflict: 0,
  not_found: 0,
});

import { z } from 'zod';
import type { DeadLetterFilter } from '../contracts/dead-letter-store';
import { filterSchema } from '../memory/dead-letter-schemas';

/** What `lifeline.bulkJobs.start` takes: an action on dead letters chosen by `ids` or by `filter`. */
export interface BulkJobRequest {
  action: 'retry' | 'resolve';
  /** Entries matching this filter when the job starts (status `open` unless the filter says otherwise). */
  filter?: DeadLetterFilter;
  /** Or exactly these entries, in this order. */
  ids?: readonly string[];
  /** Who starts it: kept on the job and credited on every entry it moves. */
  by: string;
  note?: string;
  /**
   * How many items run first, one by one, before the rest: if any of them fails the job stops
   * (`stopped`, "canary failed"). Default 5 for `retry`, 0 for `resolve`.
   */
  canary?: number;
  /** Stop after this many items failed again (0 = never). Default 10 for `retry`, 0 for `resolve`. */
  maxNewFailures?: number;
  /**
   * Minimum ms between two items. Default for `retry`: the slowest throttle among the targeted operations
   * (`periodMs / limit`), so a bulk redrive never outruns what the operation may do; 0 without throttles.
   */
  paceMs?: number;
}

/** The bulk-job request schema. */
export const bulkJobRequestSchema = z
  .object({
    action: z.enum(['retry', 'resolve']),
    filter: filterSchema.optional(),
    ids: z.array(z.string().min(1)).min(1, 'must name at least one dead letter').max(100_000).optional(),
    by: z.string().min(1, 'must say who starts the job'),
    note: z.string().optional(),
    canary: z.number().int().nonnegative().max(100).optional(),
    maxNewFailures: z.number().int().nonnegative().optional(),
    paceMs: z.number().finite().nonnegative().max(3_600_000).optional(),
  })
  .refine((request) => (request.ids === undefined) !== (request.filter === undefined), {
    message: 'give either `ids` or `filter`, not both or neither',
    path: ['ids'],
  });

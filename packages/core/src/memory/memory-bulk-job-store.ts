import { randomUUID } from 'node:crypto';
import type { BulkJob, BulkJobItem, BulkJobStore } from '../contracts/bulk-job-store';
import {
  abortSchema,
  bulkItemSchema,
  emptyOutcomeCounts,
  finishSchema,
  itemListSchema,
  jobListSchema,
  leaseSchema,
  newBulkJobSchema,
} from './bulk-job-schemas';
import { compareNewestFirst, decodeCursor, encodeCursor } from './dead-letter-cursor';
import { parseOrThrow } from './dead-letter-schemas';

/**
 * An in-memory {@link BulkJobStore} for tests and one process. Every method checks and writes without
 * yielding, so claims and item records are atomic; jobs are copied in and out. A job survives only as long
 * as the store object, so "resume after restart" needs a durable store (`postgresBulkJobStore`).
 *
 * @example
 * ```ts
 * const lifeline = createLifeline({ operations, bulkJobs: memoryBulkJobStore() });
 * ```
 */
export function memoryBulkJobStore(): BulkJobStore {
  const jobs = new Map<string, BulkJob>();
  const items = new Map<string, BulkJobItem[]>();
  const position = (job: BulkJob) => ({ failedAt: job.createdAt, id: job.id });
  const copy = (job: BulkJob | undefined) => job && structuredClone(job);

  return {
    async create(input) {
      const planned = parseOrThrow(newBulkJobSchema, 'bulk job', input);
      const job: BulkJob = {
        ...structuredClone(planned),
        id: `bulk_${randomUUID()}`,
        status: 'running',
        total: planned.ids.length,
        processed: 0,
        counts: emptyOutcomeCounts(),
        updatedAt: planned.createdAt,
      } as BulkJob;
      jobs.set(job.id, job);
      items.set(job.id, []);
      return structuredClone(job);
    },
    async get(id) {
      return copy(jobs.get(id));
    },
    async list(input = {}) {
      const options = parseOrThrow(jobListSchema, 'bulk job list options', input);
      const after = options.cursor === undefined ? undefined : decodeCursor(options.cursor);
      const statuses = options.status === undefined ? undefined : [options.status].flat();
      const limit = options.limit ?? 50;
      const page = [...jobs.values()]
        .filter(
          (job) =>
            (!statuses || statuses.includes(job.status)) &&
            (!after || compareNewestFirst(after, position(job)) < 0),
        )
        .sort((a, b) => compareNewestFirst(position(a), position(b)));
      const chosen = page.slice(0, limit).map((job) => structuredClone(job));
      const last = chosen.at(-1);
      return page.length > limit && last
        ? { items: chosen, nextCursor: encodeCursor(position(last)) }
        : { items: chosen };
    },
    async claim(id, input) {
      const lease = parseOrThrow(leaseSchema, `lease of bulk job "${id}"`, input);
      const job = jobs.get(id);
      if (job?.status !== 'running') return undefined;
      const free =
        job.leaseUntil === undefined || job.leaseUntil <= lease.now || job.leaseOwner === lease.owner;
      if (!free) return undefined;
      job.leaseOwner = lease.owner;
      job.leaseUntil = lease.until;
      return copy(job);
    },
    async recordItem(id, owner, input) {
      const item = parseOrThrow(bulkItemSchema, `item of bulk job "${id}"`, input);
      const job = jobs.get(id);
      if (job?.status !== 'running' || job.leaseOwner !== owner || item.index !== job.processed)
        return undefined;
      items.get(id)!.push({ jobId: id, ...item });
      job.processed++;
      job.counts[item.outcome]++;
      job.updatedAt = item.at;
      return copy(job);
    },
    async finish(id, owner, input) {
      const end = parseOrThrow(finishSchema, `end of bulk job "${id}"`, input);
      const job = jobs.get(id);
      if (job?.status !== 'running' || job.leaseOwner !== owner) return undefined;
      job.status = end.status;
      job.finishedAt = end.at;
      job.updatedAt = end.at;
      if (end.stopReason !== undefined) job.stopReason = end.stopReason;
      delete job.leaseOwner;
      delete job.leaseUntil;
      return copy(job);
    },
    async requestAbort(id, input) {
      const request = parseOrThrow(abortSchema, `abort of bulk job "${id}"`, input);
      const job = jobs.get(id);
      if (!job) return undefined;
      if (job.status === 'running' && job.abortRequestedAt === undefined) {
        job.abortRequestedBy = request.by;
        job.abortRequestedAt = request.at;
        job.updatedAt = request.at;
      }
      return copy(job);
    },
    async items(id, input = {}) {
      const options = parseOrThrow(itemListSchema, `items of bulk job "${id}"`, input);
      const start = options.cursor === undefined ? 0 : Number(options.cursor);
      const limit = options.limit ?? 100;
      const all = items.get(id) ?? [];
      const page = all.slice(start, start + limit).map((item) => ({ ...item }));
      return start + limit < all.length
        ? { items: page, nextCursor: String(start + limit) }
        : { items: page };
    },
  };
}

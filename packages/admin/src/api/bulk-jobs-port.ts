import {
  type BulkItemOutcome,
  type BulkJob,
  type DeadLetterFilter,
  type Lifeline,
  NotFoundError,
} from '@lifeline/core';
import type { BulkJobView } from '../pages/bulk-job-page';
import { formatDuration } from '../pages/format';
import type { TriageFilter } from './triage-port';

/** What the admin asks a bulk job to do. */
export interface BulkJobRequest {
  action: 'retry' | 'resolve';
  filter?: TriageFilter;
  ids?: readonly string[];
  note?: string;
  canary?: number;
  stopAfterFailures?: number;
  /** The admin who starts it. */
  by: string;
}

/** The bulk-job runner as the admin uses it. */
export interface BulkJobsPort {
  start(request: BulkJobRequest): Promise<BulkJobView>;
  get(id: string): Promise<BulkJobView | undefined>;
  list(limit: number): Promise<BulkJobView[]>;
  abort(id: string, by: string): Promise<BulkJobView>;
}

/** Per-entry outcomes the job page lists (the API's `items` has them all). */
const ITEMS_SHOWN = 200;

/** An outcome in words: a retry that resolved the entry succeeded. */
export function outcomeWord(action: BulkJob['action'], outcome: BulkItemOutcome): string {
  if (action === 'resolve')
    return outcome === 'conflict' ? 'skipped (already resolved)' : outcome.replace('_', ' ');
  const words: Record<BulkItemOutcome, string> = {
    resolved: 'succeeded',
    failed: 'failed again',
    queued: 'still running',
    conflict: 'skipped (someone else acted first)',
    not_found: 'not found',
  };
  return words[outcome];
}

/** A filter in words: `open email entries of purchase/email.send matching "buyer@"`. */
export function describeFilter(filter: DeadLetterFilter): string {
  const status = filter.status === undefined ? 'open' : [filter.status].flat().join(' or ');
  const parts = [`${status}${filter.kind ? ` ${filter.kind}` : ''} entries`];
  if (filter.name) parts.push(`of ${filter.name}`);
  if (filter.search) parts.push(`matching “${filter.search}”`);
  if (filter.errorFingerprint) parts.push(`with error ${filter.errorFingerprint}`);
  if (filter.from !== undefined)
    parts.push(`failed from ${new Date(filter.from).toISOString().slice(0, 16)} UTC`);
  if (filter.to !== undefined) parts.push(`before ${new Date(filter.to).toISOString().slice(0, 16)} UTC`);
  return parts.join(' ');
}

async function present(lifeline: Lifeline, job: BulkJob, withItems: boolean): Promise<BulkJobView> {
  const counts: Record<string, number> = {};
  for (const [outcome, count] of Object.entries(job.counts) as [BulkItemOutcome, number][]) {
    if (count > 0) counts[outcomeWord(job.action, outcome)] = count;
  }
  const audit: BulkJobView['audit'] = [
    {
      at: job.createdAt,
      by: job.by,
      what: `started: ${job.action} ${job.total} ${job.total === 1 ? 'entry' : 'entries'}${job.canary > 0 ? `, canary of ${job.canary}` : ''}${job.maxNewFailures > 0 ? `, stop after ${job.maxNewFailures} failures` : ''}${job.paceMs > 0 ? `, one every ${formatDuration(job.paceMs)} (the operation's throttle)` : ''}${job.note ? `: “${job.note}”` : ''}`,
    },
  ];
  if (job.abortRequestedAt !== undefined) {
    audit.push({ at: job.abortRequestedAt, by: job.abortRequestedBy ?? 'someone', what: 'asked to abort' });
  }
  if (job.finishedAt !== undefined) {
    audit.push({
      at: job.finishedAt,
      by: 'the runner',
      what: `ended the job: ${job.status} ${job.stopReason ? `(${job.stopReason})` : `after ${job.processed} of ${job.total}`}`,
    });
  }
  const items: BulkJobView['items'] = [];
  if (withItems && job.processed > 0) {
    const page = await lifeline.bulkJobs.items(job.id, { limit: ITEMS_SHOWN });
    for (const item of page.items) {
      items.push({
        id: item.deadLetterId,
        outcome: outcomeWord(job.action, item.outcome),
        at: item.at,
        ...(item.error === undefined ? {} : { error: item.error }),
      });
    }
  }
  return {
    id: job.id,
    action: job.action,
    status: job.status,
    by: job.by,
    createdAt: job.createdAt,
    ...(job.finishedAt === undefined ? {} : { finishedAt: job.finishedAt }),
    total: job.total,
    done: job.processed,
    counts,
    selection: job.filter ? describeFilter(job.filter) : `${job.total} listed entries`,
    ...(job.note === undefined ? {} : { note: job.note }),
    ...(job.canary > 0 ? { canary: job.canary } : {}),
    ...(job.maxNewFailures > 0 ? { stopAfterFailures: job.maxNewFailures } : {}),
    ...(job.stopReason === undefined ? {} : { stopReason: job.stopReason }),
    audit,
    items,
  };
}

/** The runtime's bulk jobs (`lifeline.bulkJobs`), shaped for the pages and the API. */
export function bulkJobsPort(lifeline: Lifeline): BulkJobsPort {
  const jobs = lifeline.bulkJobs;
  return {
    async start(request) {
      const job = await jobs.start({
        action: request.action,
        by: request.by,
        ...(request.ids ? { ids: request.ids } : {}),
        ...(request.filter ? { filter: request.filter } : {}),
        ...(request.note === undefined ? {} : { note: request.note }),
        ...(request.canary === undefined ? {} : { canary: request.canary }),
        ...(request.stopAfterFailures === undefined ? {} : { maxNewFailures: request.stopAfterFailures }),
      });
      return present(lifeline, job, false);
    },
    async get(id) {
      const job = await jobs.get(id);
      return job ? present(lifeline, job, true) : undefined;
    },
    async list(limit) {
      const page = await jobs.list({ limit });
      return Promise.all(page.items.map((job) => present(lifeline, job, false)));
    },
    async abort(id, by) {
      const job = await jobs.abort(id, { by });
      if (!job) throw new NotFoundError('Bulk job', id);
      return present(lifeline, job, true);
    },
  };
}

import type { Lifeline } from '@lifeline/core';
import type { BulkJobView } from '../pages/bulk-job-page';
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

/** The runtime's bulk jobs, or `undefined` when this runtime has none. */
export function bulkJobsPort(_lifeline: Lifeline): BulkJobsPort | undefined {
  return undefined;
}

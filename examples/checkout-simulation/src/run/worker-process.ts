/**
 * The worker of a `--crash` run, as its own process: runs (or resumes) the simulation and reports to
 * the parent over IPC. The parent SIGKILLs it mid-run and starts another one with `resumeRunId`.
 */
import { z } from 'zod';
import type { Display } from './display';
import { simulate } from './simulate';
import type { WorkerMessage } from './worker-messages';

const argsSchema = z.object({
  purchases: z.number().int().positive(),
  seed: z.number().int().nonnegative(),
  faultRate: z.number().min(0).max(1),
  duplicates: z.number().min(0).max(1),
  realTime: z.boolean(),
  dataDir: z.string().min(1),
  resumeRunId: z.number().int().positive().optional(),
  partnerWebhooks: z.boolean().optional(),
});

const send = (message: WorkerMessage) => process.send?.(message);
if (!process.send)
  throw new Error('worker-process.ts is started by the --crash runner (child_process.fork), not by hand');

const args = argsSchema.parse(JSON.parse(process.argv[2] ?? '{}'));
const display: Display = {
  progress: (snapshot) => send({ type: 'progress', snapshot }),
  line: (text) => send({ type: 'line', text }),
  end() {},
};
const result = await simulate({
  ...args,
  display,
  onRun: (run) => send({ type: 'run', runId: run.id }),
  onResumed: (jobs) => send({ type: 'resumed', jobs }),
});
send({ type: 'done', worldErrors: result.worldErrors.map(String) });
process.disconnect();

import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { SimulationOptions } from '../options';
import type { Display } from './display';
import type { WorkerMessage } from './worker-messages';

/** Options of {@link simulateWithCrashes}. */
export interface CrashRunOptions
  extends Pick<SimulationOptions, 'purchases' | 'seed' | 'faultRate' | 'duplicates' | 'realTime' | 'dataDir'>,
    Partial<Pick<SimulationOptions, 'partnerWebhooks'>> {
  display: Display;
  /**
   * Kill the worker once this share of the purchases has been made, one kill per entry (default
   * [0.3, 0.7]): as soon as at least 3 operations are in flight, or at the latest 30% of the purchases later.
   */
  killAt?: readonly number[];
  /** Called once, when the first worker has recorded the run. */
  onRun?: (runId: number) => void;
}

/** What {@link simulateWithCrashes} reports. */
export interface CrashRunResult {
  runId: number;
  /** Workers killed with SIGKILL. */
  kills: number;
  /** Jobs the killed workers left in the queue's table, summed over the restarts (run again, not re-sent). */
  jobsLeft: number;
  worldErrors: string[];
}

const WORKER = fileURLToPath(new URL('./worker-process.ts', import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/**
 * Runs the simulation in a child process and kills it with SIGKILL mid-run — no shutdown hook, no
 * flush, a real crash — then starts a new worker on the same data directory until the run completes.
 * This process never opens the database while a worker runs (PGlite allows one process per data
 * directory); it only relays progress.
 */
export async function simulateWithCrashes(options: CrashRunOptions): Promise<CrashRunResult> {
  const killAt = [...(options.killAt ?? [0.3, 0.7])].sort((a, b) => a - b);
  let runId: number | undefined;
  let kills = 0;
  let jobsLeft = 0;
  for (;;) {
    const args = {
      purchases: options.purchases,
      seed: options.seed,
      faultRate: options.faultRate,
      duplicates: options.duplicates,
      realTime: options.realTime,
      dataDir: options.dataDir,
      partnerWebhooks: options.partnerWebhooks ?? false,
      ...(runId ? { resumeRunId: runId } : {}),
    };
    const child = fork(WORKER, [JSON.stringify(args)], {
      execArgv: ['--import', TSX],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let done: Extract<WorkerMessage, { type: 'done' }> | undefined;
    let killing = false;
    const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(
      (resolve, reject) => {
        child.on('message', (message: WorkerMessage) => {
          if (message.type === 'run') {
            if (runId === undefined) options.onRun?.(message.runId);
            runId = message.runId;
          } else if (message.type === 'line') options.display.line(message.text);
          else if (message.type === 'done') done = message;
          else if (message.type === 'resumed') jobsLeft += message.jobs;
          else if (message.type === 'progress') {
            options.display.progress(message.snapshot);
            const due = killAt[kills];
            const { placed, total, inFlight } = message.snapshot;
            const ready = due !== undefined && placed >= due * total;
            const late = due !== undefined && placed >= Math.min(1, due + 0.3) * total;
            if (!killing && ready && (inFlight >= 3 || late)) {
              killing = true;
              child.kill('SIGKILL');
              options.display.line(
                `✖ SIGKILL → worker ${child.pid} with ${placed}/${total} purchases made and ${inFlight} operations in flight`,
              );
            }
          }
        });
        child.on('error', reject);
        child.on('exit', (code, signal) => resolve({ code, signal }));
      },
    );
    if (exit.signal === 'SIGKILL' && killing) {
      kills++;
      if (runId === undefined) throw new Error('The worker was killed before it recorded its run');
      options.display.line(`↻ starting a new worker on the same data directory (restart ${kills})`);
      continue;
    }
    if (exit.code !== 0 || !done || runId === undefined) {
      throw new Error(
        `The worker failed (exit code ${exit.code}, signal ${exit.signal}); see its output above`,
      );
    }
    return { runId, kills, jobsLeft, worldErrors: done.worldErrors };
  }
}

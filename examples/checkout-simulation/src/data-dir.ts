import { existsSync, mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The files a run keeps in its data directory. */
export interface DataDirPaths {
  root: string;
  /** PGlite's files: the shop's tables and Lifeline's stores. */
  database: string;
  /** The simulated Stripe's journal: sessions, events, deliveries. */
  stripeJournal: string;
  /** The mail provider's journal: every email it delivered. */
  mailJournal: string;
  /** The alert channel's journal: every alert that reached it. */
  alertJournal: string;
  /** The full log of every run (info and above). */
  log: string;
}

/** The paths inside `root`. */
export function dataDirPaths(root: string): DataDirPaths {
  return {
    root,
    database: join(root, 'pglite'),
    stripeJournal: join(root, 'stripe.jsonl'),
    mailJournal: join(root, 'mail.jsonl'),
    alertJournal: join(root, 'alerts.jsonl'),
    log: join(root, 'simulation.log'),
  };
}

/** Deletes the data directory (for `--fresh`). */
export function wipeDataDir(root: string): void {
  rmSync(root, { recursive: true, force: true });
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Takes the data directory for this process, or throws if a live process has it. PGlite cannot tell
 * when two processes open the same files, and two copies of one database silently corrupt each other;
 * this lock file is what stops a second `pnpm demo` (a lock left by a killed process is taken over).
 * Returns the function that releases it.
 */
export function lockDataDir(root: string): () => void {
  mkdirSync(root, { recursive: true });
  const path = join(root, '.lock');
  const mine = String(process.pid);
  for (;;) {
    try {
      writeFileSync(path, mine, { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(path, 'utf8'));
      if (Number.isInteger(holder) && holder !== process.pid && alive(holder)) {
        throw new Error(
          `The data directory ${root} is in use by process ${holder}; wait for it to end or use another --data-dir`,
        );
      }
      unlinkSync(path);
    }
  }
  return () => {
    if (existsSync(path) && readFileSync(path, 'utf8') === mine) unlinkSync(path);
  };
}

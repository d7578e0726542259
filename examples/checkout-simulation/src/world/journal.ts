import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** An append-only record of what a stand-in did, one JSON object per line. */
export interface Journal<Entry> {
  /** Appends `entry`. Written synchronously, so it survives a SIGKILL of this process right after. */
  append(entry: Entry): void;
  /** Every entry written so far, oldest first. A torn last line (a kill mid-write) is skipped. */
  read(): Entry[];
  /** The file's path. */
  readonly path: string;
}

/**
 * A journal in a JSON Lines file. The stand-ins (Stripe, the mail provider, the alert channel) keep
 * their own record here, outside the app's database, the way the real services keep theirs: the
 * invariant check compares the two, so it does not have to trust the code under test.
 */
export function jsonlJournal<Entry>(path: string): Journal<Entry> {
  mkdirSync(dirname(path), { recursive: true });
  return {
    path,
    append(entry) {
      appendFileSync(path, `${JSON.stringify(entry)}\n`);
    },
    read() {
      if (!existsSync(path)) return [];
      const entries: Entry[] = [];
      for (const line of readFileSync(path, 'utf8').split('\n')) {
        if (line.trim() === '') continue;
        try {
          entries.push(JSON.parse(line) as Entry);
        } catch {
          // Only the last line can be torn, by a kill in the middle of a write: it never happened.
        }
      }
      return entries;
    },
  };
}

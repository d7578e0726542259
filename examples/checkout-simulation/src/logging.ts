import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Clock, Logger } from '@lifeline/core';

/**
 * A {@link Logger} that appends one JSON line per call (info and above) to `path`, stamped with the
 * simulation's clock, and passes errors to `onError` as well (the console, above the progress bar).
 */
export function fileLogger(path: string, clock: Clock, onError?: (line: string) => void): Logger {
  mkdirSync(dirname(path), { recursive: true });
  const write = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    const line = JSON.stringify({
      level,
      time: new Date(clock.now()).toISOString(),
      msg: message,
      ...fields,
    });
    appendFileSync(path, `${line}\n`);
    if (level === 'error') onError?.(`error: ${message}`);
  };
  return { debug: () => {}, info: write('info'), warn: write('warn'), error: write('error') };
}

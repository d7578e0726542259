import type { Logger } from '../contracts/logger';

/** Log levels in increasing severity. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

/** Options of {@link consoleLogger}. */
export interface ConsoleLoggerOptions {
  /** Lines below this level are skipped. Default `info`. */
  level?: LogLevel;
  /** Where lines go. Default: the global `console` (its method of the same level). */
  console?: Pick<Console, LogLevel>;
  /** Clock for the `time` field. Default `Date.now`. */
  now?: () => number;
}

function replacer(): (key: string, value: unknown) => unknown {
  const seen = new WeakSet<object>();
  return (_key, value) => {
    if (typeof value === 'bigint') return value.toString();
    if (value instanceof Error) {
      const code = (value as { code?: unknown }).code;
      return { name: value.name, message: value.message, ...(code === undefined ? {} : { code }) };
    }
    if (value !== null && typeof value === 'object') {
      if (seen.has(value)) return '[Circular]';
      seen.add(value);
    }
    return value;
  };
}

/** @internal One JSON line: `{"level":…,"time":…,"msg":…,…fields}`. Never throws. */
export function formatLogLine(
  level: LogLevel,
  message: string,
  fields: Record<string, unknown> | undefined,
  now: number,
): string {
  const line = { level, time: new Date(now).toISOString(), msg: message, ...fields };
  try {
    return JSON.stringify(line, replacer());
  } catch {
    return JSON.stringify({ level, time: line.time, msg: message, fields: '[unserialisable]' });
  }
}

/**
 * A {@link Logger} that writes each call as one JSON line (`level`, `time`, `msg`, then the fields) to
 * the console, so log collectors can parse it. Errors in fields are written as `{ name, message, code }`.
 *
 * @example
 * ```ts
 * const lifeline = createLifeline({ operations, logger: consoleLogger({ level: 'debug' }) });
 * ```
 */
export function consoleLogger(options: ConsoleLoggerOptions = {}): Logger {
  const min = LEVELS.indexOf(options.level ?? 'info');
  const now = options.now ?? Date.now;
  const write = (level: LogLevel) => (message: string, fields?: Record<string, unknown>) => {
    if (LEVELS.indexOf(level) < min) return;
    (options.console ?? console)[level](formatLogLine(level, message, fields, now()));
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

/**
 * A {@link Logger} that discards everything: for tests that assert on behaviour, not on logs.
 *
 * @example
 * ```ts
 * createLifeline({ operations, logger: silentLogger() });
 * ```
 */
export function silentLogger(): Logger {
  const ignore = () => {};
  return { debug: ignore, info: ignore, warn: ignore, error: ignore };
}

/** The logger Lifeline writes to: `console` fits, and so do pino and winston. */
export interface Logger {
  /** Detail for debugging (ignored events, skipped work). */
  debug(message: string, fields?: Record<string, unknown>): void;
  /** Normal operation worth a line. */
  info(message: string, fields?: Record<string, unknown>): void;
  /** Something unexpected that Lifeline handled. */
  warn(message: string, fields?: Record<string, unknown>): void;
  /** Something failed and needs a human. */
  error(message: string, fields?: Record<string, unknown>): void;
}

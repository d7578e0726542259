import { isStoreUnavailableError, StoreUnavailableError } from '@lifeline/core';

/**
 * Node socket error codes that mean the server could not be reached or the connection broke.
 * Anything else (a constraint, a syntax error, a timeout Lifeline set) is the statement's own failure.
 */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENOENT', // a Unix socket that is gone while the server is down
]);

/**
 * SQLSTATEs of a server that is going away or not accepting connections yet: class 08 (connection
 * exception), 57P01 admin_shutdown (`pg_terminate_backend`, `pg_ctl stop -m fast`), 57P02
 * crash_shutdown, 57P03 cannot_connect_now (starting up or shutting down), 53300 too_many_connections.
 */
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);

/** postgres.js's own codes for a connection that broke (CONNECTION_ENDED is `sql.end()`: not an outage). */
const POSTGRES_JS_CODES = new Set(['CONNECTION_CLOSED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT']);

/** Messages of `pg` errors that carry no code. */
const PG_MESSAGES = [
  'Connection terminated',
  'Client has encountered a connection error and is not queryable',
  'timeout exceeded when trying to connect',
];

function matches(error: object): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string') {
    if (SOCKET_CODES.has(code) || SQLSTATES.has(code) || POSTGRES_JS_CODES.has(code)) return true;
    if (/^08[0-9A-Z]{3}$/.test(code)) return true;
  }
  return typeof message === 'string' && PG_MESSAGES.some((prefix) => message.startsWith(prefix));
}

/**
 * True when `error` means the database could not be reached or the connection to it broke (server
 * stopped, restarting, backend terminated, network gone), as reported by `pg`, postgres.js or Node's
 * sockets; checks `cause` chains and the `errors` of an `AggregateError` (Node's dual-stack connect).
 * False for the statement's own failures (constraints, syntax, serialization), which a retry of the
 * same statement would not cure by waiting.
 */
export function isConnectionLost(error: unknown): boolean {
  const seen = new Set<unknown>();
  const visit = (value: unknown): boolean => {
    if (typeof value !== 'object' || value === null || seen.has(value)) return false;
    seen.add(value);
    if (matches(value)) return true;
    const { cause, errors } = value as { cause?: unknown; errors?: unknown };
    if (Array.isArray(errors) && errors.some(visit)) return true;
    return visit(cause);
  };
  return visit(error);
}

/**
 * @internal Turns a lost or refused connection into core's `StoreUnavailableError` (store `database`,
 * the driver's error as `cause`), so the runtime treats it as a store outage and spends no attempt on
 * it; any other error is returned as is. `method` names what was running (`query`, `COMMIT`, …).
 */
export function asStoreUnavailable(error: unknown, method: string): unknown {
  if (isStoreUnavailableError(error) || !isConnectionLost(error)) return error;
  return new StoreUnavailableError('database', method, { cause: error });
}

/** Stops a listener: unlistens and frees its connection. */
export type StopListening = () => Promise<void>;

/**
 * How a {@link postgresQueue} hears `NOTIFY` on a channel, so idle workers wake at once when a job is
 * enqueued (polling stays on as the fallback). Made by {@link pgListener}, {@link postgresJsListener} or
 * {@link pgliteListener}; any driver with LISTEN can implement it.
 */
export interface QueueListener {
  /**
   * Starts listening on `channel`; `onNotify` gets each payload. Resolves once listening. `onReconnect`
   * (optional) is called each time listening resumes after the connection was lost: notifications may
   * have been missed meanwhile, and the database is answering again.
   */
  listen(
    channel: string,
    onNotify: (payload: string) => void,
    onReconnect?: () => void,
  ): Promise<StopListening>;
}

/** The part of a checked-out `pg` client a listener uses. */
export interface PgListenClientLike {
  /** Runs `LISTEN`/`UNLISTEN`. */
  query(text: string): Promise<unknown>;
  /** Receives notifications. */
  on(event: 'notification', listener: (message: { channel: string; payload?: string }) => void): unknown;
  /** Receives a lost connection. */
  on(event: 'error', listener: (error: Error) => void): unknown;
  /** Drops the listener's handlers before release. */
  removeAllListeners(event?: string): unknown;
  /** Gives the client back (destroyed when given an error or `true`). */
  release(error?: Error | boolean): void;
}

/** The part of a `pg.Pool` a listener uses. */
export interface PgListenPoolLike {
  /** Checks out the dedicated listening client. */
  connect(): Promise<PgListenClientLike>;
}

/**
 * LISTEN on a `pg.Pool`: holds one pooled connection for notifications. When that connection is lost
 * the listener logs nothing and never throws (an `error` listener is attached, so the process does not
 * crash); it reconnects after `retryMs` (default 5 000) and the queue polls meanwhile.
 *
 * @example
 * ```ts
 * import pg from 'pg';
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * pool.on('error', () => {}); // idle clients that lose their connection must not crash the process
 * const queue = postgresQueue({ sql: pgPoolClient(pool), listen: pgListener(pool) });
 * ```
 */
export function pgListener(pool: PgListenPoolLike, options: { retryMs?: number } = {}): QueueListener {
  const retryMs = options.retryMs ?? 5_000;
  return {
    async listen(channel, onNotify, onReconnect) {
      let stopped = false;
      let connected = false;
      let client: PgListenClientLike | undefined;
      let retry: ReturnType<typeof setTimeout> | undefined;
      const connect = async (): Promise<void> => {
        const c = await pool.connect();
        c.on('notification', (message) => {
          if (message.channel === channel) onNotify(message.payload ?? '');
        });
        c.on('error', () => {
          c.removeAllListeners('notification');
          c.release(true);
          if (client === c) client = undefined;
          if (!stopped) scheduleReconnect();
        });
        await c.query(`LISTEN "${channel.replaceAll('"', '""')}"`);
        client = c;
        if (stopped) await stop();
        else if (connected) onReconnect?.();
        connected = true;
      };
      const scheduleReconnect = () => {
        retry = setTimeout(() => {
          connect().catch(() => {
            if (!stopped) scheduleReconnect();
          });
        }, retryMs);
        retry.unref?.();
      };
      const stop = async () => {
        stopped = true;
        if (retry) clearTimeout(retry);
        const c = client;
        client = undefined;
        if (!c) return;
        c.removeAllListeners('notification');
        try {
          await c.query('UNLISTEN *');
          c.release();
        } catch {
          c.release(true);
        }
      };
      await connect();
      return stop;
    },
  };
}

/** The part of a postgres.js `Sql` a listener uses. */
export interface PostgresJsListenLike {
  /** postgres.js `sql.listen`. */
  listen(
    channel: string,
    onNotify: (payload: string) => void,
    /** Called each time postgres.js (re)starts listening. */
    onListen?: () => void,
  ): Promise<{
    /** Stops listening. */
    unlisten(): Promise<void>;
  }>;
}

/**
 * LISTEN through postgres.js (`sql.listen`, which keeps its own connection and reconnects by itself).
 *
 * @example
 * ```ts
 * import postgres from 'postgres';
 * const client = postgres(process.env.DATABASE_URL!);
 * const queue = postgresQueue({ sql: postgresJsClient(client), listen: postgresJsListener(client) });
 * ```
 */
export function postgresJsListener(sql: PostgresJsListenLike): QueueListener {
  return {
    async listen(channel, onNotify, onReconnect) {
      let listens = 0;
      // postgres.js calls `onListen` on the first LISTEN and again on each reconnect.
      const subscription = await sql.listen(channel, onNotify, () => {
        if (listens++ > 0) onReconnect?.();
      });
      return () => subscription.unlisten();
    },
  };
}

/** The part of a PGlite instance a listener uses. */
export interface PgliteListenLike {
  /** PGlite `db.listen`. */
  listen(channel: string, callback: (payload: string) => void): Promise<() => Promise<void>>;
}

/**
 * LISTEN on PGlite (one process, one connection: useful when a separate part of the app enqueues).
 *
 * @example
 * ```ts
 * import { PGlite } from '@electric-sql/pglite';
 * const db = await PGlite.create('./.lifeline-data');
 * const queue = postgresQueue({ sql: pgliteClient(db), listen: pgliteListener(db) });
 * ```
 */
export function pgliteListener(db: PgliteListenLike): QueueListener {
  return {
    async listen(channel, onNotify) {
      const unsubscribe = await db.listen(channel, onNotify);
      return () => unsubscribe();
    },
  };
}

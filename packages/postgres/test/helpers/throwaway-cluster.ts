import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A private PostgreSQL cluster for one test file: its own data directory under the temp dir, its own
 * port on 127.0.0.1 (never 5432) and socket directory, trust auth for the `postgres` role. A test can
 * stop and start it (a real database outage) without touching the shared server.
 */
export interface ThrowawayCluster {
  /** The TCP port it listens on (127.0.0.1 only). */
  readonly port: number;
  /** `postgres://postgres@127.0.0.1:<port>/postgres`. */
  readonly url: string;
  /** Stops the server (`pg_ctl stop -m fast` by default: sessions are terminated, 57P01). */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  /** Starts it again on the same port and data, and waits until it accepts connections. */
  start(): Promise<void>;
  /** Stops it (immediate) and deletes its directory. Safe to call twice and after a failed start. */
  destroy(): Promise<void>;
}

/** The directory holding `initdb`/`pg_ctl`: `LIFELINE_PG_BINDIR`, `pg_config --bindir`, or the newest /usr/lib/postgresql/N/bin. */
export function postgresBinDir(): string | undefined {
  const candidates: string[] = [];
  if (process.env.LIFELINE_PG_BINDIR) candidates.push(process.env.LIFELINE_PG_BINDIR);
  try {
    candidates.push(execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim());
  } catch {
    // no pg_config on PATH: look in the Debian layout below
  }
  if (existsSync('/usr/lib/postgresql')) {
    const versions = readdirSync('/usr/lib/postgresql')
      .filter((name) => /^\d+$/.test(name))
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((version) => `/usr/lib/postgresql/${version}/bin`));
  }
  return candidates.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')));
}

/**
 * Why a throwaway cluster cannot run here, or undefined when it can. Tests skip on a reason, loudly;
 * under `CI=true` they must not skip, so this throws instead.
 */
export function throwawayClusterUnavailable(): string | undefined {
  let reason: string | undefined;
  if (!postgresBinDir())
    reason =
      'no PostgreSQL server binaries (initdb, pg_ctl) found: install postgresql or set LIFELINE_PG_BINDIR';
  else if (isRoot() && !postgresUid())
    reason = 'running as root, and there is no `postgres` OS user to run initdb as';
  if (reason && process.env.CI === 'true')
    throw new Error(`CI=true: the database-outage tests must run, but ${reason}`);
  if (reason) console.warn(`\n!!! SKIPPING the throwaway-cluster (database outage) tests: ${reason}\n`);
  return reason;
}

const isRoot = () => process.getuid?.() === 0;

function postgresUid(): { uid: number; gid: number } | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    return undefined;
  }
}

/** A port free on 127.0.0.1 right now (the OS picks it; it is not 5432 unless that is free and chosen). */
async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    if (port !== 5432 && port !== 0) return port;
  }
}

/**
 * `initdb` into a fresh temp directory (as the `postgres` OS user when running as root) and start the
 * server on a free port. About 1.5 s. Register `destroy()` in `afterAll`; a process exit also stops it.
 */
export async function startThrowawayCluster(): Promise<ThrowawayCluster> {
  const bin = postgresBinDir();
  if (!bin) throw new Error(throwawayClusterUnavailable() ?? 'no PostgreSQL binaries');
  const dir = mkdtempSync(join(tmpdir(), 'lifeline-pg-'));
  const data = join(dir, 'data');
  const logFile = join(dir, 'server.log');
  const owner = isRoot() ? postgresUid() : undefined;
  if (isRoot() && !owner) throw new Error('running as root, and there is no `postgres` OS user');
  if (owner) chownSync(dir, owner.uid, owner.gid);

  const pg = (tool: string, args: string[]) =>
    owner ? run('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]) : run(join(bin, tool), args);
  const logTail = () => {
    try {
      return readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n');
    } catch {
      return '(no server log)';
    }
  };

  let destroyed = false;
  let port = 0;
  const stopNow = () => {
    try {
      execFileSync(owner ? 'runuser' : join(bin, 'pg_ctl'), [
        ...(owner ? ['-u', 'postgres', '--', join(bin, 'pg_ctl')] : []),
        'stop',
        '-D',
        data,
        '-m',
        'immediate',
        '-w',
      ]);
    } catch {
      // not running
    }
  };
  const onExit = () => {
    if (!destroyed) stopNow();
  };
  process.once('exit', onExit);

  const cluster: ThrowawayCluster = {
    get port() {
      return port;
    },
    get url() {
      return `postgres://postgres@127.0.0.1:${port}/postgres`;
    },
    async stop(mode = 'fast') {
      await pg('pg_ctl', ['stop', '-D', data, '-m', mode, '-w', '-t', '30']);
    },
    async start() {
      try {
        await pg('pg_ctl', [
          'start',
          '-D',
          data,
          '-l',
          logFile,
          '-w',
          '-t',
          '30',
          '-o',
          `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=60`,
        ]);
      } catch (error) {
        throw new Error(`pg_ctl start failed on port ${port}: ${(error as Error).message}\n${logTail()}`, {
          cause: error,
        });
      }
    },
    async destroy() {
      if (destroyed) return;
      destroyed = true;
      process.removeListener('exit', onExit);
      stopNow();
      rmSync(dir, { recursive: true, force: true });
    },
  };

  try {
    await pg('initdb', [
      '-D',
      data,
      '-U',
      'postgres',
      '-A',
      'trust',
      '-E',
      'UTF8',
      '--no-sync',
      '--no-instructions',
    ]);
    // A port can be taken between choosing and binding it: try a few.
    for (let tries = 1; ; tries++) {
      port = await freePort();
      try {
        await cluster.start();
        break;
      } catch (error) {
        if (tries >= 3) throw error;
      }
    }
  } catch (error) {
    await cluster.destroy();
    throw error;
  }
  return cluster;
}

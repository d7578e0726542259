import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/** The example app's folder. */
export const appDir = fileURLToPath(new URL('..', import.meta.url));
const nextBin = createRequire(`${appDir}package.json`).resolve('next/dist/bin/next');

/** Variables the app reads: cleared from the inherited environment so the test's own settings are the only ones. */
const APP_VARIABLES = [
  'APP_URL',
  'DATABASE_URL',
  'LIFELINE_DATA_DIR',
  'STRIPE_SECRET_KEY',
  'STRIPE_WEBHOOK_SECRET',
  'RESEND_API_KEY',
  'MAIL_FROM',
  'SLACK_WEBHOOK_URL',
  'INNGEST_EVENT_KEY',
  'INNGEST_SIGNING_KEY',
  'INNGEST_DEV',
  'ADMIN_TOKEN',
  'LIFELINE_FAKE_MAILER_FAIL',
  'NODE_ENV', // vitest sets `test`; next build and next start set their own
];

function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
  for (const name of APP_VARIABLES) delete env[name];
  return { ...env, ...extra };
}

/** Runs `next build` in the app folder; resolves with its exit code and output. */
export function buildApp(): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin, 'build'], { cwd: appDir, env: childEnv({}) });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** A running `next start`. */
export interface RunningApp {
  url: string;
  /** Everything the server printed so far. */
  logs(): string;
  /** Stops the server (its whole process group) and waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * Starts `next start` on 127.0.0.1 with the given environment and waits until the app answers (its
 * Lifeline booted: database open and migrated, relay running).
 */
export async function startApp(env: Record<string, string>, timeoutMs = 60_000): Promise<RunningApp> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    process.execPath,
    [nextBin, 'start', '-H', '127.0.0.1', '-p', String(port)],
    {
      cwd: appDir,
      env: childEnv({ APP_URL: url, ...env }),
      detached: true, // its own process group, so stop() also ends anything it forked
    },
  );
  let logs = '';
  child.stdout?.on('data', (chunk) => {
    logs += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    logs += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const app: RunningApp = {
    url,
    logs: () => logs,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const kill = (signal: NodeJS.Signals) => {
        try {
          process.kill(-child.pid!, signal);
        } catch {
          // already gone
        }
      };
      kill('SIGTERM');
      const timer = setTimeout(() => kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };

  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}:\n${logs}`);
    const ready = await fetch(`${url}/api/marketplace/purchases/pur_probe`).then(
      (response) => response.status === 404,
      () => false,
    );
    if (ready) return app;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await app.stop();
  throw new Error(`next start did not answer within ${timeoutMs} ms:\n${logs}`);
}

/** Polls `probe` until it returns a value other than undefined, or throws after `timeoutMs`. */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

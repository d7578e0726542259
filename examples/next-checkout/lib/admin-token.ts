import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '@lifeline/core';
import type { AppEnv } from './env';

/**
 * The token that opens `/admin`: `ADMIN_TOKEN` when set. Otherwise (local development) a random token is
 * made once, kept in `LIFELINE_DATA_DIR/admin-token` so sign-ins survive restarts, and printed to the
 * server log at start. Set `ADMIN_TOKEN` anywhere other people can reach the app.
 */
export async function adminToken(env: AppEnv, logger: Logger): Promise<string> {
  if (env.ADMIN_TOKEN) return env.ADMIN_TOKEN;
  const file = path.resolve(env.LIFELINE_DATA_DIR, 'admin-token');
  let token = await readFile(file, 'utf8').then(
    (text) => text.trim(),
    () => '',
  );
  if (token.length < 16) {
    token = randomBytes(24).toString('base64url');
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, `${token}\n`, { mode: 0o600 });
  }
  logger.warn(`ADMIN_TOKEN is not set: sign in to ${env.APP_URL}/admin with this generated token: ${token}`);
  return token;
}

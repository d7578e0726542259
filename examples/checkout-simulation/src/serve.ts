import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bearerTokenAuthorizer, createAdminHandler, toNodeListener } from '@lifeline/admin';
import { activity } from './activity';
import type { AlertRecord } from './alerting';
import { simulationAlerter } from './alerting';
import { createShop } from './app/create-shop';
import { dataDirPaths } from './data-dir';
import { openDatabase } from './database';
import { fileLogger } from './logging';
import { runRecords } from './run/run-record';
import { offsetSystemClock } from './simulation-clock';
import { REAL_TIME_TIMING } from './timing';
import { jsonlJournal } from './world/journal';
import { createWorld, rejectRateFor } from './world/world';

/** A running dashboard. */
export interface Dashboard {
  /** `http://127.0.0.1:<port>/admin`. */
  url: string;
  /** The bearer token that signs in (generated for this session). */
  token: string;
  /** Stops the server and closes the database. */
  close(): Promise<void>;
}

/**
 * Serves the admin dashboard of `@lifeline/admin` on 127.0.0.1 over a data directory, with a bearer
 * token generated for the session. The shop runs behind it (system clock, its queue's workers), so **Retry
 * now** really re-runs a dead letter: the provider outage of the run is over, but a mistyped address is
 * still rejected. Time continues from where the runs' clocks stopped.
 */
export async function serveDashboard(options: {
  dataDir: string;
  port: number;
  print: (line: string) => void;
}): Promise<Dashboard> {
  const paths = dataDirPaths(options.dataDir);
  const db = await openDatabase(paths, activity());
  try {
    const runs = await runRecords.list(db.sql);
    const last = runs.at(-1);
    const clock = offsetSystemClock(Math.max(0, (await runRecords.lastClock(db.sql)) - Date.now()));
    const logger = fileLogger(paths.log, clock, options.print);
    const world = createWorld({
      clock,
      timing: REAL_TIME_TIMING,
      paths,
      seed: last?.seed ?? 0,
      faultRate: 0,
      rejectRate: rejectRateFor(last?.faultRate ?? 0),
      duplicates: 0,
      plan: [],
      runStartedAt: clock.now(),
    });
    const token = randomBytes(24).toString('base64url');
    const alerter = simulationAlerter({
      clock,
      journal: jsonlJournal<AlertRecord>(paths.alertJournal),
      print: options.print,
      printLimit: 100,
      logger,
      slackWebhookUrl: process.env.SLACK_WEBHOOK_URL,
    });
    const shop = createShop({
      sql: db.sql,
      listen: db.listen,
      clock,
      timing: REAL_TIME_TIMING,
      stripe: world.stripe,
      webhookSecret: world.webhookSecret,
      mail: world.mail,
      downloads: world.downloads,
      alerter,
      logger,
    });
    world.start(shop, new Set());
    const admin = createAdminHandler({
      lifeline: shop.lifeline,
      basePath: '/admin',
      authorize: bearerTokenAuthorizer({ token, admin: 'simulation-admin' }),
    });
    const server = createServer(
      toNodeListener(async (request) =>
        new URL(request.url).pathname === '/'
          ? new Response(null, { status: 302, headers: { location: '/admin/failed-operations' } })
          : admin(request),
      ),
    );
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, '127.0.0.1', resolve);
    });
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}/admin`,
      token,
      async close() {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await closed;
        await shop.stop();
        await alerter.close();
        await db.close();
      },
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}

import { healthMonitor } from '@lifeline/core';
import type { SqlClient } from '@lifeline/postgres';
import { activity } from '../activity';
import type { AlertRecord } from '../alerting';
import { simulationAlerter } from '../alerting';
import { bullmqEngine, checkRedis, DEFAULT_REDIS_URL } from '../app/bullmq-engine';
import { createShop } from '../app/create-shop';
import { dataDirPaths } from '../data-dir';
import { openDatabase } from '../database';
import { fileLogger } from '../logging';
import { simulationTelemetry, type TraceFacts } from '../observability/otel';
import type { SimulationOptions } from '../options';
import { seededRandom } from '../random';
import { loadRunDeadLetters } from '../report/facts';
import { runHealth } from '../report/run-health';
import { simulationClock } from '../simulation-clock';
import { REAL_TIME_TIMING, VIRTUAL_TIMING } from '../timing';
import { jsonlJournal } from '../world/journal';
import { planPurchases } from '../world/plan';
import { createWorld, rejectRateFor } from '../world/world';
import type { Display } from './display';
import { startPartner } from './partner-run';
import { progressTracker } from './progress';
import { type RunRecord, runRecords } from './run-record';

/** A run that has not settled after this much simulated time is stuck (a bug), not slow. */
const MAX_SIMULATED_MS = 30 * 86_400_000;

/** Options of {@link simulate}. */
export interface SimulateOptions
  extends Pick<SimulationOptions, 'purchases' | 'seed' | 'faultRate' | 'duplicates' | 'realTime' | 'dataDir'>,
    Partial<Pick<SimulationOptions, 'partnerWebhooks'>> {
  /** Trace the run with OpenTelemetry; the result then carries the spans for the invariant check. */
  otel?: boolean;
  /** Where the work runs; default the database's queue table. */
  engine?: SimulationOptions['engine'];
  display: Display;
  /** Carry on with this run (after a crash) instead of starting a new one. */
  resumeRunId?: number;
  /** Called once the run is recorded, before any work. */
  onRun?: (run: RunRecord) => void;
  /** Called when a resumed run starts, with the jobs a killed worker left in the queue's table. */
  onResumed?: (jobs: number) => void;
  /** Alerts printed live before the rest are only counted; default 5. */
  alertPrintLimit?: number;
}

/** What {@link simulate} reports. */
export interface SimulateResult {
  run: RunRecord;
  /** Wall-clock time of this process's part of the run. */
  realMs: number;
  /** Jobs a killed worker had left in the queue's table when this one started (0 for a new run). */
  jobsLeft: number;
  /** Errors inside the simulated world (bugs, never injected faults). */
  worldErrors: unknown[];
  /** With `otel`: the spans and counts the trace part of the invariant check reads. */
  traces?: TraceFacts;
}

/**
 * Runs the simulation in this process: opens the data directory, builds the world and the shop, lets
 * customers buy until every purchase's story has ended, then closes the database. With `resumeRunId`
 * it continues a run whose worker was killed: the clock picks up where it was saved, the world replays
 * its journals, and the queue's table still holds every job the dead worker had not finished: they
 * run again under their idempotency keys once their leases run out. Nothing is re-sent by hand.
 */
export async function simulate(options: SimulateOptions): Promise<SimulateResult> {
  const started = Date.now();
  const redisUrl = process.env.REDIS_URL ?? DEFAULT_REDIS_URL;
  if (options.engine === 'bullmq') await checkRedis(redisUrl);
  const paths = dataDirPaths(options.dataDir);
  const counter = activity();
  const db = await openDatabase(paths, counter);
  try {
    const run = options.resumeRunId
      ? await resume(db.sql, options.resumeRunId)
      : await runRecords.create(db.sql, {
          seed: options.seed,
          purchases: options.purchases,
          faultRate: options.faultRate,
          duplicates: options.duplicates,
          realTime: options.realTime,
          startedAt: Math.max(Date.now(), Math.ceil((await runRecords.lastClock(db.sql)) + 1)),
        });
    options.onRun?.(run);
    const timing = run.realTime ? REAL_TIME_TIMING : VIRTUAL_TIMING;
    const sim = simulationClock({ realTime: run.realTime, start: run.clockAt, activity: counter });
    const { clock } = sim;
    const plan = planPurchases(run.id, run.seed, run.purchases, timing);
    const placed = await placedPurchases(db.sql, run.id);
    const logger = fileLogger(paths.log, clock, (line) => options.display.line(line));
    const alerter = simulationAlerter({
      clock,
      journal: jsonlJournal<AlertRecord>(paths.alertJournal),
      print: (line) => options.display.line(line),
      printLimit: options.alertPrintLimit ?? 5,
      logger,
      slackWebhookUrl: process.env.SLACK_WEBHOOK_URL,
      countFrom: run.startedAt,
    });
    const tracker = progressTracker(
      run.purchases,
      {
        placed: placed.size,
        finished: await fulfilledCount(db.sql, run.id),
        deadLetters: (await loadRunDeadLetters(db.sql, run)).length,
      },
      () => alerter.count(),
    );
    const world = createWorld({
      clock,
      timing,
      paths,
      seed: run.seed,
      faultRate: run.faultRate,
      rejectRate: rejectRateFor(run.faultRate),
      duplicates: run.duplicates,
      plan,
      runStartedAt: run.startedAt,
      trackRequest: (request) => counter.track(request),
    });
    const jobsLeft = options.resumeRunId ? await countJobs(db.sql) : 0;
    const telemetry = options.otel ? simulationTelemetry() : undefined;
    const partner = options.partnerWebhooks
      ? await startPartner({ clock, root: paths.root, run, track: (request) => counter.track(request) })
      : undefined;
    const shop = createShop({
      sql: db.sql,
      listen: db.listen,
      clock,
      timing,
      stripe: world.stripe,
      webhookSecret: world.webhookSecret,
      mail: world.mail,
      downloads: world.downloads,
      alerter,
      logger,
      // Backoff jitter from the seed alone: the same seed gives the same run in any data directory.
      random: seededRandom(run.seed),
      hooks: telemetry ? telemetry.hooks(tracker.hooks) : tracker.hooks,
      ...(telemetry ? { instrumentation: telemetry.instrumentation } : {}),
      ...(options.engine === 'bullmq'
        ? {
            bullmq: bullmqEngine({
              sql: db.sql,
              clock,
              logger,
              redisUrl,
              runKey: `${paths.root}#${run.id}`,
              concurrency: 16,
            }),
          }
        : {}),
      ...(partner ? { partner: partner.notice } : {}),
    });
    const placePurchase = telemetry ? telemetry.placePurchase(shop.placePurchase) : shop.placePurchase;
    world.start(
      {
        handleStripeWebhook: telemetry
          ? telemetry.webhookHandler(shop.handleStripeWebhook)
          : shop.handleStripeWebhook,
        placePurchase: async (purchase) => {
          const created = await placePurchase(purchase);
          tracker.placedOne();
          return created;
        },
      },
      placed,
    );
    if (options.resumeRunId) {
      options.onResumed?.(jobsLeft);
      options.display.line(
        `↻ the queue's table holds ${jobsLeft} job(s) the killed worker left: they run again under their idempotency keys when their leases end`,
      );
    }

    let jobs = jobsLeft;
    const snapshot = () => tracker.snapshot(clock.now() - run.startedAt, jobs);
    let idleCalls = 0;
    await sim.runUntil(
      async () => {
        if (clock.now() - run.startedAt > MAX_SIMULATED_MS) {
          throw new Error(
            'The simulation did not settle within 30 simulated days; see simulation.log in the data directory',
          );
        }
        const stats = shop.queue.stats();
        if (world.scheduler.pending() > 0 || stats.running + stats.unsettled > 0) return false;
        jobs = (await shop.backlog()).jobs;
        return jobs === 0;
      },
      async () => {
        jobs = (await shop.backlog()).jobs;
        options.display.progress(snapshot());
        if (++idleCalls % 5 === 0) await runRecords.saveClock(db.sql, run.id, clock.now());
      },
      // A committed job whose worker has not picked it up yet: the clock waits for it.
      async () => (await shop.backlog()).dueUnclaimed > 0,
    );
    // The runbook's health check, as the hourly cron runs `lifeline.checkHealth()`, but over this run
    // alone (the data directory may hold earlier runs): the report the summary prints, so the alert
    // and the table agree. One alert per metric that is critical.
    const window = { from: run.startedAt, to: clock.now() + 1 };
    const open = (await loadRunDeadLetters(db.sql, run)).filter((entry) => entry.status === 'open').length;
    const { report } = await runHealth(db.sql, window, open);
    for (const alert of healthMonitor().alertsFor(report)) await shop.lifeline.alert(alert);
    await shop.stop();
    await partner?.close();
    await alerter.close();
    options.display.progress(snapshot());
    await runRecords.finish(db.sql, run.id, clock.now());
    const finished = (await runRecords.get(db.sql, run.id))!;
    return {
      run: finished,
      realMs: Date.now() - started,
      jobsLeft,
      worldErrors: world.scheduler.errors,
      ...(telemetry ? { traces: await telemetry.finish() } : {}),
    };
  } finally {
    await db.close();
  }
}

async function resume(sql: SqlClient, id: number): Promise<RunRecord> {
  const run = await runRecords.get(sql, id);
  if (!run) throw new Error(`No run ${id} in this data directory to resume`);
  await runRecords.countRestart(sql, id);
  return run;
}

async function countJobs(sql: SqlClient): Promise<number> {
  const { rows } = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM lifeline.jobs');
  return rows[0]?.n ?? 0;
}

async function placedPurchases(sql: SqlClient, runId: number): Promise<Set<string>> {
  const { rows } = await sql.query<{ id: string }>('SELECT id FROM shop.purchases WHERE id LIKE $1', [
    `pur_r${runId}\\_%`,
  ]);
  return new Set(rows.map((row) => row.id));
}

async function fulfilledCount(sql: SqlClient, runId: number): Promise<number> {
  const { rows } = await sql.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM shop.purchases WHERE id LIKE $1 AND status = 'fulfilled'`,
    [`pur_r${runId}\\_%`],
  );
  return rows[0]?.n ?? 0;
}

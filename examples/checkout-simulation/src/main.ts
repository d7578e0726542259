/**
 * Lifeline's main demo, offline: customers buy, Stripe (simulated, but its webhooks signed and verified
 * by the real SDK) delivers checkout events with duplicates and out of order, the shop fulfils each
 * paid purchase once and emails the receipt through a mail provider that fails like real ones do.
 * Everything durable lives in PGlite in a local data directory. At the end the promise is checked from
 * the durable records: every paid purchase fulfilled once and its receipt delivered once, or in the
 * dead-letter store with an alert. Exits 1 if it is broken.
 *
 *   pnpm demo                          2,000 purchases on the virtual clock
 *   pnpm demo -- --crash               SIGKILL the worker mid-run, restart it, still keep the promise
 *   pnpm demo -- --serve               then open the admin dashboard over the run's data
 *   pnpm demo -- --serve-only          the dashboard over earlier runs, without a new run
 */
import { relative } from 'node:path';
import { wipeDataDir } from './data-dir';
import { describeTraces } from './observability/trace-invariant';
import { DEFAULT_DATA_DIR, parseOptions, type SimulationOptions, USAGE, UsageError } from './options';
import { renderPartnerLine } from './report/partner-line';
import { renderNextSteps, renderSummary } from './report/print-summary';
import { reportRun } from './report/report-run';
import { simulateWithCrashes } from './run/crash-run';
import { type Display, plainDisplay, silentDisplay, ttyDisplay } from './run/display';
import { simulate } from './run/simulate';
import { serveDashboard } from './serve';

async function run(options: SimulationOptions, display: Display) {
  const announce = (runId: number) => {
    if (options.quiet) return;
    const near = relative(process.cwd(), options.dataDir);
    const where = near.startsWith('..') ? options.dataDir : near || '.';
    display.line(
      `Run ${runId}: ${options.purchases.toLocaleString('en-US')} purchases, seed ${options.seed}, fault rate ${options.faultRate}, duplicates ${options.duplicates}, ${options.realTime ? 'system' : 'virtual'} clock${options.engine === 'bullmq' ? ', BullMQ engine' : ''}${options.crash ? ', worker crashes' : ''} · data in ${where}`,
    );
  };
  if (options.crash) {
    const result = await simulateWithCrashes({ ...options, display, onRun: announce });
    return { runId: result.runId, restarts: result.kills, worldErrors: result.worldErrors };
  }
  const result = await simulate({ ...options, display, onRun: (record) => announce(record.id) });
  return {
    runId: result.run.id,
    restarts: 0,
    worldErrors: result.worldErrors.map(String),
    ...(result.traces ? { traces: result.traces } : {}),
  };
}

async function main(argv: readonly string[]): Promise<number> {
  let options: SimulationOptions | 'help';
  try {
    options = parseOptions(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (options === 'help') {
    console.log(USAGE);
    return 0;
  }
  if (options.fresh) wipeDataDir(options.dataDir);
  if (options.serveOnly) {
    await serve(options);
    return 0;
  }
  const display = options.quiet ? silentDisplay() : process.stdout.isTTY ? ttyDisplay() : plainDisplay();
  const started = Date.now();
  const outcome = await run(options, display);
  const realMs = Date.now() - started;
  display.end();
  const report = await reportRun(
    options.dataDir,
    outcome.runId,
    'traces' in outcome ? outcome.traces : undefined,
  );
  console.log('');
  console.log(
    renderSummary(report.run, report.summary, report.verdict, {
      realMs,
      virtual: !options.realTime,
      restarts: outcome.restarts,
    }),
  );
  if ('traces' in outcome && outcome.traces) console.log(`\n${describeTraces(report.facts, outcome.traces)}`);
  if (report.partner) console.log(renderPartnerLine(report.partner));
  for (const error of outcome.worldErrors) console.error(`simulation error: ${error}`);
  const ok = report.verdict.ok && outcome.worldErrors.length === 0;

  if (options.serve) await serve(options);
  else {
    console.log('');
    const dataDirOption = options.dataDir === DEFAULT_DATA_DIR ? undefined : options.dataDir;
    console.log(
      renderNextSteps(report.summary, {
        crashed: options.crash,
        runs: report.run.id,
        ...(dataDirOption ? { dataDirOption } : {}),
      }),
    );
  }
  return ok ? 0 : 1;
}

/** Serves the dashboard over the data directory until Ctrl-C. */
async function serve(options: SimulationOptions): Promise<void> {
  const dashboard = await serveDashboard({
    dataDir: options.dataDir,
    port: options.port,
    print: (line) => console.log(line),
  });
  console.log(`
Admin dashboard: ${dashboard.url}/failed-operations
Sign in with this token (generated for this session): ${dashboard.token}
API: curl -H "Authorization: Bearer ${dashboard.token}" ${dashboard.url}/api/failed-operations
Retry now re-runs a dead letter under its idempotency key. Ctrl-C to stop.`);
  await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
  await dashboard.close();
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  console.error(`\nThe simulation stopped: ${error instanceof Error ? error.message : String(error)}`);
  if (process.env.DEBUG) console.error(error);
  process.exitCode = 1;
}

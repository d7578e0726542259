/** What the progress display shows. */
export interface ProgressSnapshot {
  /** Purchases the run will make. */
  total: number;
  /** Purchases made so far. */
  placed: number;
  /** Purchases whose story has ended: receipt delivered or dead-lettered, or payment failed. */
  finished: number;
  /** Operations running, ready, or waiting for a retry in the queue right now. */
  inFlight: number;
  deadLetters: number;
  alerts: number;
  /** Simulated time since the run started. */
  simulatedMs: number;
}

/** Where a run reports progress and the occasional line (alerts, restarts). */
export interface Display {
  progress(snapshot: ProgressSnapshot): void;
  line(text: string): void;
  /** Clears the bar before the summary. */
  end(): void;
}

/** `1h 02m 03s`, `4m 05s`, `6.2s`. */
export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = `${String(m).padStart(h > 0 ? 2 : 1, '0')}m ${String(s % 60).padStart(2, '0')}s`;
  return h > 0 ? `${h}h ${rest}` : rest;
}

const describe = (p: ProgressSnapshot) =>
  `${p.finished}/${p.total} done · ${p.placed} bought · ${p.deadLetters} dead-lettered · ${p.alerts} alerts · ${formatDuration(p.simulatedMs)} simulated`;

/** A one-line bar redrawn in place, for terminals. */
export function ttyDisplay(stream: NodeJS.WriteStream = process.stdout): Display {
  let last = '';
  const clear = () => stream.write('\r\x1b[2K');
  return {
    progress(p) {
      const width = 20;
      const filled = Math.round((Math.min(p.finished, p.total) / Math.max(1, p.total)) * width);
      last = `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${p.finished}/${p.total} done · ${p.deadLetters} dead-lettered · ${p.alerts} alerts · ${formatDuration(p.simulatedMs)} simulated`;
      clear();
      stream.write(last.slice(0, (stream.columns ?? 120) - 1));
    },
    line(text) {
      clear();
      stream.write(`${text}\n`);
      if (last) stream.write(last.slice(0, (stream.columns ?? 120) - 1));
    },
    end() {
      if (last) clear();
      last = '';
    },
  };
}

/** Plain lines (logs, CI): one progress line per tenth of the run. */
export function plainDisplay(write: (line: string) => void = (line) => console.log(line)): Display {
  let shown = -1;
  return {
    progress(p) {
      const tenth = Math.floor((Math.min(p.finished, p.total) / Math.max(1, p.total)) * 10);
      if (tenth <= shown) return;
      shown = tenth;
      write(`progress ${tenth * 10}%: ${describe(p)}`);
    },
    line: write,
    end() {},
  };
}

/** Shows nothing (`--quiet`). */
export function silentDisplay(): Display {
  return { progress() {}, line() {}, end() {} };
}

import { simulate } from './run/simulate';
import { silentDisplay } from './run/display';
import * as act from './activity';
const orig = act.trackedSql;
const n = Number(process.argv[2] ?? 50);
const t = Date.now();
const r = await simulate({ purchases: n, seed: 1, faultRate: 0.2, duplicates: 0.2, realTime: false, dataDir: '/tmp/ckexp/sim2', display: silentDisplay() });
console.log(r.realMs, Date.now() - t);
const q = (globalThis as any).__q as Map<string, number[]>;
let tot = 0, cnt = 0;
for (const [k, v] of [...q].sort((a, b) => b[1]![1]! - a[1]![1]!).slice(0, 30)) { console.log(String(v[0]).padStart(6), v[1]!.toFixed(0).padStart(6), k); }
for (const v of q.values()) { tot += v[1]!; cnt += v[0]!; }
console.log('total', cnt, tot.toFixed(0));

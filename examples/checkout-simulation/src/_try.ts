import { simulate } from './run/simulate';
import { plainDisplay } from './run/display';
const n = Number(process.argv[2] ?? 50);
const r = await simulate({ purchases: n, seed: 1, faultRate: Number(process.argv[3] ?? 0.2), duplicates: 0.2, realTime: false, dataDir: '/tmp/ckexp/sim1', display: plainDisplay() });
console.log(r.run, r.realMs, r.resent, r.worldErrors);

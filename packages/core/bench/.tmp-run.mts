import { printTable } from '/work/main/packages/core/bench/harness';
import { benchIdempotent } from '/work/main/packages/core/bench/idempotent.bench';
printTable(await benchIdempotent());

// packages/postgres/src/operation-log/operation-log.ts:55
import { postgresOperationLog } from '@lifeline/postgres';
const log = postgresOperationLog(sql);
const day = await log.summarize({ from: Date.now() - 86_400_000, to: Date.now() });

export {};

// packages/postgres/src/clients/open-pglite.ts:33
import { migrate, openPglite, postgresDeadLetterStore } from '@lifeline/postgres';
const { sql, close } = await openPglite({ dataDir: './.lifeline-data' });
await migrate(sql);
const deadLetters = postgresDeadLetterStore(sql);

export {};

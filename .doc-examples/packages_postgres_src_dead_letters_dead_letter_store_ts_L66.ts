// packages/postgres/src/dead-letters/dead-letter-store.ts:66
import { postgresDeadLetterStore } from '@lifeline/postgres';
const deadLetters = postgresDeadLetterStore(sql);
const page = await deadLetters.list({ kind: 'email', status: 'open', limit: 50 });

export {};

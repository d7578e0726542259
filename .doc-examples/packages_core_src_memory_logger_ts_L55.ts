// packages/core/src/memory/logger.ts:55
import { consoleLogger, createLifeline } from '@lifeline/core';
const lifeline = createLifeline({ operations, logger: consoleLogger({ level: 'debug' }) });

export {};

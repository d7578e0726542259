// packages/core/src/memory/logger.ts:73
import { createLifeline, silentLogger } from '@lifeline/core';
createLifeline({ operations, logger: silentLogger() });

export {};

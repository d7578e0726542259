// packages/core/src/memory/memory-operation-log.ts:40
import { memoryOperationLog } from '@lifeline/core';
const log = memoryOperationLog();
const summary = await log.summarize({ from: Date.now() - 86_400_000, to: Date.now() });

export {};

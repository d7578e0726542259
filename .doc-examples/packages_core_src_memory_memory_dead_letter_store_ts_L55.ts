// packages/core/src/memory/memory-dead-letter-store.ts:55
import { createLifeline, memoryDeadLetterStore } from '@lifeline/core';
const deadLetters = memoryDeadLetterStore();
const lifeline = createLifeline({ operations, deadLetters });

export {};

// packages/core/src/memory/operation-summary.ts:9
import { percentile95 } from '@lifeline/core';
percentile95([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]); // 19

export {};

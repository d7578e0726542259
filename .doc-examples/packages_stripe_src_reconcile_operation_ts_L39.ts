// packages/stripe/src/reconcile-operation.ts:39
import { createLifeline } from '@lifeline/core';
import { reconcileOperation, scheduleReconciliation } from '@lifeline/stripe';
const reconcile = reconcileOperation({ stripe, operation: checkout.completed, isFulfilled, cursorStore });
const lifeline = createLifeline({ operations: [...checkout.operations, reconcile] });
const stop = scheduleReconciliation({ lifeline, operation: reconcile });

export {};

/**
 * What an operation is, for health metrics and admin filters:
 * `email` (delivery rate), `webhook` (success rate), `job` (anything else).
 */
export type OperationKind = 'email' | 'webhook' | 'job';

/** Every {@link OperationKind}, in display order. */
export const OPERATION_KINDS: readonly OperationKind[] = ['email', 'webhook', 'job'];

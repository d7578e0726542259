import { adapterKit } from '@lifeline/postgres';

/** @internal The zod pieces shared with `@lifeline/postgres`, so both stores accept the same inputs. */
export const { deadLetterStatus, epochMs, nonEmptyText, operationKind, pgText, serializedError } = adapterKit;

import { classifyError, isIdempotencyInProgressError } from '@lifeline/core';
import type { Attributes } from '@opentelemetry/api';
import { ATTR } from './attributes';

/**
 * `error.type` of a failure, low-cardinality as the conventions ask, from core's `classifyError`: the HTTP
 * status when the failure came from a response (`503`, `429`), otherwise the error's class name
 * (`PermanentError`, `TimeoutError`), `_OTHER` when it has none. Spans also get whether Lifeline will
 * retry it (`lifeline.error.retryable`) and why (`lifeline.error.reason`).
 */
export function errorTypeOf(error: unknown): string {
  return typeOf(error, classifyError(error).status);
}

function typeOf(error: unknown, status: number | undefined): string {
  if (status !== undefined) return String(status);
  if (error instanceof Error && error.name) return error.name;
  return '_OTHER';
}

/** The span attributes of a failure: `error.type`, `lifeline.error.retryable`, `lifeline.error.reason`. */
export function errorAttributes(error: unknown): Attributes {
  const classification = classifyError(error);
  return {
    [ATTR.errorType]: typeOf(error, classification.status),
    [ATTR.retryable]: classification.retryable,
    [ATTR.reason]: classification.reason,
  };
}

/** True when the failure is not the work's: another worker holds its idempotency key, so it waits. */
export const isWaitingForKey = isIdempotencyInProgressError;

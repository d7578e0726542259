import {
  isConfigurationError,
  isInvalidTransitionError,
  isNotFoundError,
  isQueueRefusedError,
  isValidationError,
} from '@lifeline/core';
import { errorResponse } from './responses';

/**
 * Maps Lifeline's errors to HTTP: ValidationError → 400 (with `issues`), NotFoundError → 404,
 * InvalidTransitionError → 409 (with the entry's `current` status), ConfigurationError → 422 (e.g. the
 * operation is not registered in this process), QueueRefusedError → 503. Anything else: `undefined`.
 */
export function lifelineErrorResponse(error: unknown): Response | undefined {
  if (isValidationError(error)) {
    const issues = error.issues.map((issue) => ({
      field: issue.path,
      message: issue.message,
      received: issue.received,
    }));
    return errorResponse(400, error.message, { issues });
  }
  if (isNotFoundError(error)) return errorResponse(404, error.message);
  if (isInvalidTransitionError(error)) {
    return errorResponse(409, error.message, { current: error.actual });
  }
  if (isConfigurationError(error)) return errorResponse(422, error.message);
  if (isQueueRefusedError(error)) return errorResponse(503, error.message, {}, { 'Retry-After': '30' });
  return undefined;
}

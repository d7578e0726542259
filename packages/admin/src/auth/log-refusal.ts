import type { Lifeline } from '@lifeline/core';

/** Logs why a request was refused, with the authorizer's `detail` (never sent to the client). */
export function logRefusal(
  lifeline: Lifeline,
  request: Request,
  decision: { status: number; reason: string; detail?: string },
): void {
  if (decision.detail === undefined) return; // no credentials at all: an ordinary first visit
  lifeline.logger.warn('lifeline admin: request refused', {
    method: request.method,
    path: new URL(request.url).pathname,
    status: decision.status,
    detail: decision.detail,
  });
}

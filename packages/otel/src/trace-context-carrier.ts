import { createTraceState, isSpanContextValid, type SpanContext } from '@opentelemetry/api';

/** `version-traceId-spanId-flags`, lower-case hex, as W3C Trace Context level 1 writes it. */
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

/** `traceFlags` as two hex digits; the two values an SDK sets (sampled or not) without formatting. */
function flagsHex(traceFlags: number): string {
  if (traceFlags === 1) return '01';
  if (traceFlags === 0) return '00';
  return (traceFlags & 0xff).toString(16).padStart(2, '0');
}

/**
 * The W3C carrier of a span context: `traceparent` and, when the context has one, `tracestate`. Returns
 * undefined for an invalid context (e.g. no SDK is installed and the span is a no-op), so nothing
 * meaningless travels with the work.
 */
export function carrierOf(spanContext: SpanContext): Record<string, string> | undefined {
  if (!isSpanContextValid(spanContext)) return undefined;
  const flags = flagsHex(spanContext.traceFlags);
  const carrier: Record<string, string> = {
    traceparent: `00-${spanContext.traceId}-${spanContext.spanId}-${flags}`,
  };
  const state = spanContext.traceState?.serialize();
  if (state) carrier.tracestate = state;
  return carrier;
}

/**
 * The remote span context a carrier describes, or undefined when its `traceparent` is missing or malformed
 * (version `ff`, all-zero ids, a version-00 header with trailing data). Never throws: a bad carrier only
 * loses the link between the two sides, never the work.
 */
export function spanContextOf(carrier: Record<string, string> | undefined): SpanContext | undefined {
  const header = carrier?.traceparent;
  if (typeof header !== 'string') return undefined;
  const match = TRACEPARENT.exec(header.trim());
  if (!match) return undefined;
  const [, version, traceId, spanId, flags, rest] = match;
  if (version === 'ff' || (version === '00' && rest !== undefined)) return undefined;
  const spanContext: SpanContext = {
    traceId: traceId!,
    spanId: spanId!,
    traceFlags: Number.parseInt(flags!, 16),
    isRemote: true,
  };
  if (!isSpanContextValid(spanContext)) return undefined;
  const state = carrier?.tracestate;
  if (typeof state === 'string' && state.length > 0) spanContext.traceState = createTraceState(state);
  return spanContext;
}

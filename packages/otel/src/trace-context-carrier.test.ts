import { TraceFlags } from '@opentelemetry/api';
import { describe, expect, test } from 'vitest';
import { carrierOf, spanContextOf } from './trace-context-carrier';

const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
const spanId = '00f067aa0ba902b7';

describe('W3C trace context carrier', () => {
  test('a span context round-trips through traceparent and tracestate', () => {
    const carrier = carrierOf({ traceId, spanId, traceFlags: TraceFlags.SAMPLED });
    expect(carrier).toEqual({ traceparent: `00-${traceId}-${spanId}-01` });
    const back = spanContextOf({ ...carrier, tracestate: 'congo=t61rcWkgMzE,rojo=00f067aa0ba902b7' });
    expect(back).toMatchObject({ traceId, spanId, traceFlags: 1, isRemote: true });
    expect(back!.traceState!.serialize()).toBe('congo=t61rcWkgMzE,rojo=00f067aa0ba902b7');
    expect(carrierOf(back!)).toEqual({
      traceparent: `00-${traceId}-${spanId}-01`,
      tracestate: 'congo=t61rcWkgMzE,rojo=00f067aa0ba902b7',
    });
  });

  test('an unsampled context keeps flags 00', () => {
    expect(carrierOf({ traceId, spanId, traceFlags: TraceFlags.NONE })?.traceparent).toBe(
      `00-${traceId}-${spanId}-00`,
    );
  });

  test('an invalid span context (no SDK) gives no carrier', () => {
    expect(carrierOf({ traceId: '0'.repeat(32), spanId: '0'.repeat(16), traceFlags: 0 })).toBeUndefined();
  });

  test.each([
    ['missing', {}],
    ['not hex', { traceparent: `00-${'x'.repeat(32)}-${spanId}-01` }],
    ['all-zero trace id', { traceparent: `00-${'0'.repeat(32)}-${spanId}-01` }],
    ['version ff', { traceparent: `ff-${traceId}-${spanId}-01` }],
    ['version 00 with trailing data', { traceparent: `00-${traceId}-${spanId}-01-extra` }],
  ])('a malformed traceparent (%s) is ignored, never thrown', (_, carrier) => {
    expect(spanContextOf(carrier as Record<string, string>)).toBeUndefined();
  });

  test('a future version with extra fields is read for its known part', () => {
    expect(spanContextOf({ traceparent: `01-${traceId}-${spanId}-01-what-comes-next` })).toMatchObject({
      traceId,
      spanId,
    });
  });
});

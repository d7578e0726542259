/** Options of the per-endpoint circuit breaker. */
export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit; default 5. */
  failureThreshold?: number;
  /** How long an open circuit refuses attempts before letting one trial through; default 60 000 ms. */
  openMs?: number;
}

/** What the breaker knows about one endpoint. */
export interface EndpointCircuit {
  /** `closed`: deliveries go out; `open`: they wait until `openUntil`; `half_open`: one trial is out. */
  state: 'closed' | 'open' | 'half_open';
  /** Failures in a row since the last success. */
  consecutiveFailures: number;
  /** Epoch ms of the first failure since the last success, if failing. */
  failingSince?: number;
  /** Epoch ms until which attempts wait (an open circuit, or the endpoint's `Retry-After`). */
  openUntil?: number;
}

/** The verdict before an attempt: go, or wait this long first. */
export type CircuitVerdict = { go: true } | { go: false; waitMs: number; why: 'circuit_open' | 'throttled' };

/**
 * A circuit breaker per endpoint, in this process's memory. After `failureThreshold` failures in a row the
 * circuit opens for `openMs`: attempts then wait without sending (their delay is the time left). When it
 * ends, one attempt goes through (half-open): success closes the circuit, failure opens it again. A
 * throttling answer (429, 502, 504 or a `Retry-After`) pauses the endpoint for the given time the same
 * way, so the other deliveries to it wait too. State is per process and starts closed after a restart.
 */
export interface CircuitBreaker {
  /** Whether an attempt to `endpointId` may go now. */
  before(endpointId: string, now: number): CircuitVerdict;
  /** Records a 2xx: closes the circuit and clears the failure streak. */
  success(endpointId: string): void;
  /** Records a failure; returns the circuit after it. */
  failure(endpointId: string, now: number): EndpointCircuit;
  /** Pauses the endpoint until `until` (a throttling answer). */
  pause(endpointId: string, until: number): void;
  /** The endpoint's circuit, a copy. */
  inspect(endpointId: string): EndpointCircuit;
}

/** A new {@link CircuitBreaker}. */
export function circuitBreaker(options: CircuitBreakerOptions = {}): CircuitBreaker {
  const threshold = options.failureThreshold ?? 5;
  const openMs = options.openMs ?? 60_000;
  if (!Number.isInteger(threshold) || threshold < 1)
    throw new Error(`circuitBreaker.failureThreshold must be an integer >= 1, got ${threshold}`);
  if (!Number.isFinite(openMs) || openMs < 0)
    throw new Error(`circuitBreaker.openMs must be a number >= 0, got ${openMs}`);
  const circuits = new Map<string, EndpointCircuit>();
  const circuitOf = (id: string): EndpointCircuit => {
    let circuit = circuits.get(id);
    if (!circuit) {
      circuit = { state: 'closed', consecutiveFailures: 0 };
      circuits.set(id, circuit);
    }
    return circuit;
  };

  return {
    before(id, now) {
      const circuit = circuitOf(id);
      if (circuit.openUntil !== undefined && now < circuit.openUntil) {
        return {
          go: false,
          waitMs: circuit.openUntil - now,
          why: circuit.state === 'open' ? 'circuit_open' : 'throttled',
        };
      }
      if (circuit.state === 'open') circuit.state = 'half_open';
      delete circuit.openUntil;
      return { go: true };
    },
    success(id) {
      circuits.set(id, { state: 'closed', consecutiveFailures: 0 });
    },
    failure(id, now) {
      const circuit = circuitOf(id);
      circuit.consecutiveFailures += 1;
      circuit.failingSince ??= now;
      if (circuit.state === 'half_open' || circuit.consecutiveFailures >= threshold) {
        circuit.state = 'open';
        circuit.openUntil = Math.max(circuit.openUntil ?? 0, now + openMs);
      }
      return { ...circuit };
    },
    pause(id, until) {
      const circuit = circuitOf(id);
      circuit.openUntil = Math.max(circuit.openUntil ?? 0, until);
    },
    inspect(id) {
      return { ...circuitOf(id) };
    },
  };
}

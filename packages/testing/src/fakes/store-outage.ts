import { InjectedFaultError } from './injected-fault-error';

/** What a {@link storeOutage} counted, per wrapped store's label. */
export interface StoreOutageCalls {
  /** Calls refused because the outage was on. */
  refused: number;
  /** Calls passed to the real store. */
  answered: number;
}

/** A switchable outage shared by every store it wraps. See {@link storeOutage}. */
export interface StoreOutage {
  /** True while calls are refused. */
  readonly down: boolean;
  /** Starts the outage: every call of a wrapped store rejects with a connection-refused `InjectedFaultError`. */
  fail(): void;
  /** Ends it: calls reach the real stores again. */
  recover(): void;
  /**
   * Wraps `store`: while the outage is on, each of its methods rejects (without calling the real store),
   * like a database that does not answer; otherwise it delegates. `label` names it in `calls`.
   */
  wrap<S extends object>(store: S, label: string): S;
  /** Per label: calls refused and answered. */
  readonly calls: Record<string, StoreOutageCalls>;
}

/**
 * A fake for infrastructure faults: one switch that takes every wrapped store (idempotency, operation
 * log, dead letters, throttle: any object of async methods) down and up together, as a lost database
 * would. Refused calls reject with an {@link InjectedFaultError} shaped like a refused connection
 * (`code: 'ECONNREFUSED'`), so it is judged as a real outage would be.
 *
 * @example
 * ```ts
 * const outage = storeOutage();
 * const lifeline = createLifeline({
 *   operations,
 *   idempotency: outage.wrap(memoryIdempotencyStore(), 'idempotency'),
 *   deadLetters: outage.wrap(memoryDeadLetterStore(), 'deadLetters'),
 * });
 * outage.fail();
 * // ... work waits without spending attempts; dead letters are held in memory
 * outage.recover();
 * ```
 */
export function storeOutage(): StoreOutage {
  let down = false;
  const calls: Record<string, StoreOutageCalls> = {};
  return {
    get down() {
      return down;
    },
    fail() {
      down = true;
    },
    recover() {
      down = false;
    },
    calls,
    wrap<S extends object>(store: S, label: string): S {
      calls[label] ??= { refused: 0, answered: 0 };
      const counts = calls[label];
      return new Proxy(store, {
        get(target, property, receiver) {
          const value = Reflect.get(target, property, receiver);
          if (typeof value !== 'function') return value;
          return (...args: unknown[]) => {
            if (down) {
              counts.refused++;
              const error = new InjectedFaultError(`Injected ${label} store outage: connection refused`);
              return Promise.reject(Object.assign(error, { code: 'ECONNREFUSED' }));
            }
            counts.answered++;
            return value.apply(target, args);
          };
        },
      });
    },
  };
}

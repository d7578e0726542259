import { isLifelineError } from '../errors/lifeline-error';
import { type StoreName, StoreUnavailableError } from '../errors/store-unavailable-error';

/** Every method name of `store`, its own and its prototypes' (class instances keep methods there). */
function methodNames(store: object): string[] {
  const names = new Set<string>();
  for (let o: object | null = store; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    for (const name of Object.getOwnPropertyNames(o)) {
      if (name !== 'constructor' && typeof (store as Record<string, unknown>)[name] === 'function')
        names.add(name);
    }
  }
  return [...names];
}

/**
 * Wraps a store the runtime calls so that a failure of the store itself (a lost connection, a timeout,
 * a driver error: anything that is not a Lifeline error) rejects with {@link StoreUnavailableError},
 * and every answer calls `onAnswer` (the runtime flushes work it holds in memory once a store answers
 * again). Lifeline errors (validation, compare-and-set conflicts, not found) pass through unchanged:
 * they are answers, not outages. Only the runtime's own calls go through the guard; an operation's
 * `run` gets the store as configured.
 */
export function guardStore<S extends object>(store: S, name: StoreName, onAnswer: () => void): S {
  const guarded: Record<string, unknown> = {};
  const outage = (method: string) => (error: unknown) => {
    throw isLifelineError(error) ? error : new StoreUnavailableError(name, method, { cause: error });
  };
  const answered = <T>(value: T): T => {
    onAnswer();
    return value;
  };
  for (const method of methodNames(store)) {
    const fn = (store as Record<string, (...args: unknown[]) => unknown>)[method]!;
    const onError = outage(method);
    guarded[method] = (...args: unknown[]) => {
      let result: unknown;
      try {
        result = fn.apply(store, args);
      } catch (error) {
        return onError(error);
      }
      return result instanceof Promise ? result.then(answered, onError) : answered(result);
    };
  }
  return guarded as S;
}

const MAX_DEPTH = 1_000;

function copy(value: unknown, key: string, depth: number): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value + 0 : null; // + 0 turns -0 into 0, as JSON does
    case 'bigint':
      throw new TypeError(`cannot store the BigInt ${value}n at "${key || '(root)'}" as JSON`);
    case 'object':
      break;
    default:
      return undefined; // undefined, functions and symbols, as JSON drops them
  }
  if (value === null) return null;
  if (depth > MAX_DEPTH)
    throw new TypeError(`cannot store a circular (or over ${MAX_DEPTH} levels deep) value as JSON`);
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return copy((value as { toJSON: (key: string) => unknown }).toJSON(key), key, depth + 1);
  }
  if (Array.isArray(value)) {
    const out: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = copy(value[i], String(i), depth + 1) ?? null;
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(value)) {
    const item = copy((value as Record<string, unknown>)[name], name, depth + 1);
    if (item === undefined) continue;
    // An own "__proto__" key stays a plain property, as JSON.parse makes it (and no prototype is set).
    if (name === '__proto__')
      Object.defineProperty(out, name, { value: item, enumerable: true, writable: true, configurable: true });
    else out[name] = item;
  }
  return out;
}

/**
 * @internal A deep copy of `value` as a JSON round trip would give it (`JSON.parse(JSON.stringify(value))`:
 * `toJSON` honoured, `undefined` / functions / symbols dropped from objects and `null` in arrays,
 * non-finite numbers `null`, a top-level `undefined` `null`), without building the text. Throws a
 * TypeError for BigInt and for circular values, as `JSON.stringify` does.
 */
export function jsonCopy(value: unknown): unknown {
  return copy(value, '', 0) ?? null;
}

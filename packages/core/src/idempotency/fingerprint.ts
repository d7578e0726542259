import * as crypto from 'node:crypto';

type OneShotHash = (algorithm: string, data: string, encoding: 'hex') => string;
/**
 * SHA-256 in one call: `crypto.hash` (Node ≥ 20.12) is several times cheaper than a `Hash` object for
 * short inputs (see bench/queue.bench.ts); the same digest either way.
 */
const sha256Hex: (text: string) => string =
  typeof (crypto as { hash?: unknown }).hash === 'function'
    ? (text) => (crypto as unknown as { hash: OneShotHash }).hash('sha256', text, 'hex')
    : (text) => crypto.createHash('sha256').update(text).digest('hex');

/**
 * `ancestors` holds the objects being encoded above this one (an array: depth is small, and it is
 * cheaper than a Set); text is built by concatenation, without intermediate arrays.
 */
function encode(value: unknown, key: string, ancestors: object[]): string | undefined {
  let current = value;
  if (
    current !== null &&
    typeof current === 'object' &&
    typeof (current as { toJSON?: unknown }).toJSON === 'function'
  ) {
    current = (current as { toJSON: (key: string) => unknown }).toJSON(key);
  }
  switch (typeof current) {
    case 'string':
    case 'boolean':
      return JSON.stringify(current);
    case 'number':
      return Number.isFinite(current) ? JSON.stringify(current) : 'null';
    case 'bigint':
      throw new TypeError(
        `stableStringify: cannot serialise the BigInt ${current}n at "${key || '(root)'}"; convert it to a string first`,
      );
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
  }
  if (current === null) return 'null';
  const object = current as object;
  if (ancestors.includes(object))
    throw new TypeError(`stableStringify: circular reference at "${key || '(root)'}"`);
  ancestors.push(object);
  let out: string;
  if (Array.isArray(object)) {
    out = '[';
    for (let index = 0; index < object.length; index++) {
      if (index > 0) out += ',';
      out += encode(object[index], String(index), ancestors) ?? 'null';
    }
    out += ']';
  } else {
    const record = object as Record<string, unknown>;
    const names = Object.keys(record);
    if (names.length > 1) names.sort();
    out = '{';
    for (const name of names) {
      const encoded = encode(record[name], name, ancestors);
      if (encoded === undefined) continue;
      if (out.length > 1) out += ',';
      out += `${JSON.stringify(name)}:${encoded}`;
    }
    out += '}';
  }
  ancestors.pop();
  return out;
}

/**
 * JSON with object keys sorted at every depth, so equal values always give the same text whatever
 * order their keys were written in. Follows `JSON.stringify` otherwise: `undefined`, functions and
 * symbols are dropped from objects and become `null` in arrays, `toJSON` is honoured (dates become
 * ISO strings), non-finite numbers become `null`. A top-level `undefined` gives `"null"`.
 * Throws a `TypeError` on BigInt values and circular references.
 *
 * @example
 * ```ts
 * stableStringify({ b: 1, a: [undefined, 2] }); // '{"a":[null,2],"b":1}'
 * ```
 */
export function stableStringify(value: unknown): string {
  return encode(value, '', []) ?? 'null';
}

/**
 * A stable fingerprint of a JSON-like value: SHA-256 of {@link stableStringify}, hex, prefixed
 * `sha256:`. Two values that serialise to the same JSON (keys in any order) share a fingerprint;
 * anything else differs. Used to tell a replay of a request from a different request under the same
 * idempotency key.
 *
 * @example
 * ```ts
 * fingerprint({ a: 1, b: 2 }) === fingerprint({ b: 2, a: 1 }); // true
 * ```
 */
export function fingerprint(value: unknown): string {
  return `sha256:${sha256Hex(stableStringify(value))}`;
}

/**
 * @internal Forgets dead entries of a Map a few at a time: every `every`-th call looks at the next
 * `every * perCall` entries (wrapping around), so the cost per call stays constant however large the
 * map grows, and every entry is looked at again after about `size / perCall` calls.
 */
export function incrementalSweep<K, V>(
  map: Map<K, V>,
  isDead: (value: V, now: number) => boolean,
  perCall = 2,
  every = 16,
) {
  let cursor: Iterator<[K, V]> = map.entries();
  let calls = 0;
  return (now: number): void => {
    if (++calls % every !== 0) return;
    for (let i = 0; i < every * perCall; i++) {
      let next = cursor.next();
      if (next.done) {
        cursor = map.entries();
        next = cursor.next();
        if (next.done) return;
      }
      const [key, value] = next.value;
      if (isDead(value, now)) map.delete(key);
    }
  };
}

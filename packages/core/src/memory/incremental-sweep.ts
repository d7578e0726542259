/**
 * @internal Forgets dead entries of a Map a few at a time: each `step` looks at the next `perStep`
 * entries (wrapping around), so the cost per call stays constant however large the map grows, and
 * every entry is looked at again after `size / perStep` calls.
 */
export function incrementalSweep<K, V>(
  map: Map<K, V>,
  isDead: (value: V, now: number) => boolean,
  perStep = 2,
) {
  let cursor: Iterator<[K, V]> = map.entries();
  return (now: number): void => {
    for (let i = 0; i < perStep; i++) {
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

// Memoisation: the one home for the caches hot paths keep of pure functions.

/**
 * `fn` memoised on its string argument; the memo is emptied when it passes `max` entries, so memory stays flat
 * over a long run while the names that recur stay cheap.
 */
export function memoBounded<V>(fn: (key: string) => V, max: number): (key: string) => V {
  const memo = new Map<string, V>();
  return (key) => {
    let value = memo.get(key);
    if (value === undefined) {
      value = fn(key);
      if (memo.size > max) memo.clear();
      memo.set(key, value);
    }
    return value;
  };
}

/** `fn` memoised per object argument: computed once per object, forgotten with the object. */
export function memoPerObject<K extends object, V>(fn: (key: K) => V): (key: K) => V {
  const memo = new WeakMap<K, V>();
  return (key) => {
    let value = memo.get(key);
    if (value === undefined && !memo.has(key)) {
      value = fn(key);
      memo.set(key, value);
    }
    return value as V;
  };
}

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

/**
 * A bounded memo keyed by a stretch of a text, looked up without cutting the stretch out: a hash of its
 * character codes finds the slot and the stored key is compared code by code. For hot paths that would
 * otherwise slice a fresh string (and hash it again) for every lookup. Emptied when it passes `max` entries.
 */
export class SpanMemo<V> {
  private hashes = new Int32Array(1024);
  private keys: (string | undefined)[] = new Array(1024).fill(undefined);
  private values: (V | undefined)[] = new Array(1024).fill(undefined);
  private count = 0;

  constructor(private readonly max: number) {}

  /** The value stored for text[start, end), or undefined. */
  get(text: string, start: number, end: number): V | undefined {
    const h = spanHash(text, start, end);
    const mask = this.hashes.length - 1;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const key = this.keys[slot];
      if (key === undefined) return undefined;
      if (this.hashes[slot] === h && sameSpan(key, text, start, end)) return this.values[slot];
    }
  }

  /** Stores a value for the string `key` and returns the value. */
  set(key: string, value: V): V {
    if (this.count >= this.max) this.reset(1024);
    else if (2 * (this.count + 1) > this.hashes.length) this.reset(2 * this.hashes.length);
    this.put(spanHash(key, 0, key.length), key, value);
    return value;
  }

  /** Empties the memo (size 0) or rehashes its entries into `size` slots. */
  private reset(size: number): void {
    const { keys, values, hashes } = this;
    const keep = size > hashes.length;
    this.hashes = new Int32Array(size);
    this.keys = new Array(size).fill(undefined);
    this.values = new Array(size).fill(undefined);
    this.count = 0;
    if (!keep) return;
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k];
      if (key !== undefined) this.put(hashes[k] as number, key, values[k] as V);
    }
  }

  private put(h: number, key: string, value: V): void {
    const mask = this.hashes.length - 1;
    let slot = h & mask;
    while (this.keys[slot] !== undefined) {
      if (this.keys[slot] === key) {
        this.values[slot] = value;
        return;
      }
      slot = (slot + 1) & mask;
    }
    this.hashes[slot] = h;
    this.keys[slot] = key;
    this.values[slot] = value;
    this.count++;
  }
}

/** FNV-1a over the UTF-16 code units of text[start, end). */
function spanHash(text: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let k = start; k < end; k++) h = Math.imul(h ^ text.charCodeAt(k), 0x01000193);
  return h;
}

/** `key` equals text[start, end), compared without slicing. */
function sameSpan(key: string, text: string, start: number, end: number): boolean {
  if (key.length !== end - start) return false;
  for (let k = 0; k < key.length; k++) if (key.charCodeAt(k) !== text.charCodeAt(start + k)) return false;
  return true;
}

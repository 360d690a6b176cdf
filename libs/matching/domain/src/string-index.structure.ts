const EMPTY = -2;

/**
 * An open-addressing hash table from string keys to int32 values, on typed arrays, with insertion
 * but no deletion (order ids stay taken forever). V8's `Map` costs ~0.8 µs per new key once it holds
 * a million strings (rehash growth and pointer chasing); this table probes a flat `Int32Array` of
 * cached hashes, compares strings only on a hash match, and hands out the entry's position so that
 * the owner can later update the value without hashing again. Load factor stays ≤ 0.5.
 */
export class StringIndex {
  private mask: number;
  private keys: string[];
  private hashes: Int32Array;
  private vals: Int32Array;
  size = 0;
  /** Incremented whenever the table grows (which moves every position). */
  generation = 0;

  constructor(capacity = 1024) {
    let cap = 16;
    while (cap < capacity * 2) cap *= 2;
    this.mask = cap - 1;
    this.keys = new Array<string>(cap).fill('');
    this.hashes = new Int32Array(cap);
    this.vals = new Int32Array(cap).fill(EMPTY);
  }

  /**
   * The last key that `find` did not find, with its hash and the empty position where the probe
   * ended: an `insert` of that same key right after (the usual "check, then add" of a new order id)
   * skips hashing and probing again. Any insert clears it.
   */
  private missKey: string | undefined = undefined;
  private missHash = 0;
  private missPos = 0;

  /** Position of `key`, or -1. */
  find(key: string): number {
    const h = hashString(key);
    const mask = this.mask;
    const vals = this.vals;
    let i = h & mask;
    for (;;) {
      if (vals[i] === EMPTY) {
        this.missKey = key;
        this.missHash = h;
        this.missPos = i;
        return -1;
      }
      if (this.hashes[i] === h && this.keys[i] === key) return i;
      i = (i + 1) & mask;
    }
  }

  /** Value of `key`, or `missing`. */
  get(key: string, missing: number): number {
    const i = this.find(key);
    return i < 0 ? missing : this.vals[i];
  }

  /** Adds a key that is not present yet; returns its position (stable until the table grows). */
  insert(key: string, value: number): number {
    if ((this.size + 1) * 2 > this.mask + 1) this.grow();
    let h: number;
    let i: number;
    if (this.missKey === key) {
      // Same table (grow clears missKey), no insert since: the probe would end at the same place.
      h = this.missHash;
      i = this.missPos;
    } else {
      h = hashString(key);
      const mask = this.mask;
      const vals = this.vals;
      i = h & mask;
      while (vals[i] !== EMPTY) i = (i + 1) & mask;
    }
    this.missKey = undefined;
    const vals = this.vals;
    this.keys[i] = key;
    this.hashes[i] = h;
    vals[i] = value;
    this.size++;
    return i;
  }

  valueAt(position: number): number {
    return this.vals[position];
  }

  setAt(position: number, value: number): void {
    this.vals[position] = value;
  }

  /** Calls `fn` for every entry, in table order (not insertion order). */
  forEach(fn: (key: string, value: number) => void): void {
    for (let i = 0; i <= this.mask; i++) if (this.vals[i] !== EMPTY) fn(this.keys[i], this.vals[i]);
  }

  /** The table grows when this many keys are present; growing moves positions. */
  get capacity(): number {
    return (this.mask + 1) >>> 1;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldHashes = this.hashes;
    const oldVals = this.vals;
    const cap = (this.mask + 1) * 2;
    this.mask = cap - 1;
    this.generation++;
    this.missKey = undefined;
    this.keys = new Array<string>(cap).fill('');
    this.hashes = new Int32Array(cap);
    this.vals = new Int32Array(cap).fill(EMPTY);
    for (let j = 0; j < oldVals.length; j++) {
      if (oldVals[j] === EMPTY) continue;
      let i = oldHashes[j] & this.mask;
      while (this.vals[i] !== EMPTY) i = (i + 1) & this.mask;
      this.keys[i] = oldKeys[j];
      this.hashes[i] = oldHashes[j];
      this.vals[i] = oldVals[j];
    }
  }
}

/** FNV-1a over UTF-16 code units, finished with murmur3's fmix32 so that sequential ids spread. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

const EMPTY = -2;

/**
 * An open-addressing hash table from string keys to int32 values, on typed arrays, with insertion
 * but no deletion (order ids stay taken forever). V8's `Map` costs ~0.8 µs per new key once it holds
 * a million strings (rehash growth and pointer chasing); this table probes a flat `Int32Array` of
 * cached hashes interleaved with the values, compares strings only on a hash match, and hands out the entry's position so that
 * the owner can later update the value without hashing again. Load factor stays ≤ 0.5.
 */
export class StringIndex {
  private mask: number;
  private keys: string[];
  /**
   * Entry i is `cells[2i]` (its key's hash) and `cells[2i + 1]` (its value, EMPTY when free): the two
   * share a cache line, so a probe of this large, randomly accessed table costs one miss, not two.
   */
  private cells: Int32Array;
  size = 0;
  /** Incremented whenever the table grows (which moves every position). */
  generation = 0;
  /**
   * The last key that `find` did not find, with its hash and the free position where the probe
   * ended: an `insert` of that same key right after (the usual "check, then add" of a new order id)
   * skips hashing and probing again. Any insert clears it.
   */
  private missKey: string | undefined = undefined;
  private missHash = 0;
  private missPos = 0;

  constructor(capacity = 1024) {
    let cap = 16;
    while (cap < capacity * 2) cap *= 2;
    this.mask = cap - 1;
    this.keys = new Array<string>(cap).fill('');
    this.cells = emptyCells(cap);
  }

  /** Position of `key`, or -1. */
  find(key: string): number {
    const h = hashString(key);
    const mask = this.mask;
    const cells = this.cells;
    let i = h & mask;
    for (;;) {
      const v = cells[2 * i + 1];
      if (v === EMPTY) {
        this.missKey = key;
        this.missHash = h;
        this.missPos = i;
        return -1;
      }
      if (cells[2 * i] === h && this.keys[i] === key) return i;
      i = (i + 1) & mask;
    }
  }

  /** Value of `key`, or `missing`. */
  get(key: string, missing: number): number {
    const i = this.find(key);
    return i < 0 ? missing : this.cells[2 * i + 1];
  }

  /** Adds a key that is not present yet; returns its position (stable until the table grows). */
  insert(key: string, value: number): number {
    if ((this.size + 1) * 2 > this.mask + 1) this.grow();
    const cells = this.cells;
    let h: number;
    let i: number;
    if (this.missKey === key) {
      // Same table (grow clears missKey), no insert since: the probe would end at the same place.
      h = this.missHash;
      i = this.missPos;
    } else {
      h = hashString(key);
      const mask = this.mask;
      i = h & mask;
      while (cells[2 * i + 1] !== EMPTY) i = (i + 1) & mask;
    }
    this.missKey = undefined;
    this.keys[i] = key;
    cells[2 * i] = h;
    cells[2 * i + 1] = value;
    this.size++;
    return i;
  }

  valueAt(position: number): number {
    return this.cells[2 * position + 1];
  }

  setAt(position: number, value: number): void {
    this.cells[2 * position + 1] = value;
  }

  /** Calls `fn` for every entry, in table order (not insertion order). */
  forEach(fn: (key: string, value: number) => void): void {
    const cells = this.cells;
    for (let i = 0; i <= this.mask; i++) if (cells[2 * i + 1] !== EMPTY) fn(this.keys[i], cells[2 * i + 1]);
  }

  /** The table grows when this many keys are present; growing moves positions. */
  get capacity(): number {
    return (this.mask + 1) >>> 1;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const old = this.cells;
    const oldCap = this.mask + 1;
    const cap = oldCap * 2;
    const mask = cap - 1;
    this.mask = mask;
    this.generation++;
    this.missKey = undefined;
    const keys = new Array<string>(cap).fill('');
    const cells = emptyCells(cap);
    for (let j = 0; j < oldCap; j++) {
      if (old[2 * j + 1] === EMPTY) continue;
      const h = old[2 * j];
      let i = h & mask;
      while (cells[2 * i + 1] !== EMPTY) i = (i + 1) & mask;
      keys[i] = oldKeys[j];
      cells[2 * i] = h;
      cells[2 * i + 1] = old[2 * j + 1];
    }
    this.keys = keys;
    this.cells = cells;
  }
}

function emptyCells(cap: number): Int32Array {
  const cells = new Int32Array(cap * 2);
  for (let i = 1; i < cells.length; i += 2) cells[i] = EMPTY;
  return cells;
}

/**
 * A 32-bit hash of all of the string's UTF-16 code units, finished with murmur3's fmix32 so that
 * sequential ids spread. Two code units are packed into one 32-bit word (losslessly) and the words
 * go alternately to two independent multiply-rotate lanes, so a 36-character UUID costs 9 dependent
 * multiplies per lane instead of the 36 of a unit-at-a-time FNV-1a: the two lanes run in parallel.
 * Only the table's layout depends on it (snapshots and state hashes do not).
 */
export function hashString(s: string): number {
  const n = s.length;
  let a = 0x811c9dc5 ^ n;
  let b = 0x9e3779b9;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    a = Math.imul(a ^ (s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16)), 0xcc9e2d51);
    b = Math.imul(b ^ (s.charCodeAt(i + 2) | (s.charCodeAt(i + 3) << 16)), 0x1b873593);
    a = (a << 15) | (a >>> 17);
    b = (b << 13) | (b >>> 19);
  }
  for (; i < n; i++) a = Math.imul(a ^ s.charCodeAt(i), 0x01000193);
  let h = a ^ Math.imul(b, 0x85ebca6b);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

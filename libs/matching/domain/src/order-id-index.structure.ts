import { StringIndex } from './string-index.structure';

const EMPTY = -2;
const PAGE_BITS = 10;
const PAGE_SIZE = 1 << PAGE_BITS;
/** Positions at or above this are the string table's (its position + STRING_BASE). */
const STRING_BASE = 1 << 30;
/** Dense positions are page × PAGE_SIZE + offset and must stay below STRING_BASE. */
const MAX_PAGES = STRING_BASE >>> PAGE_BITS;
const MAX_PREFIX_LENGTH = 16;
/** At most 15 digits, so that the number is below 10^15 (an exact double, and below 2^50). */
const MAX_DIGITS = 15;
const MAX_PREFIXES = 16;
const TWO_POW_40 = 2 ** 40;
const TWO_POW_32 = 2 ** 32;

/**
 * The engine's id index: string keys to int32 values, insert only (ids stay taken forever), with the
 * same API as `StringIndex` (positions, `valueAt`/`setAt`, `generation`). Values must be ≥ -1 (-2 marks
 * a free entry).
 *
 * Ids of the form `<prefix><number>` (a prefix of at most 16 characters not ending in a digit, then a
 * canonical decimal of 1 to 15 digits: no leading zero, e.g. `o123`, `BTCUSDT-42`, `7`), with one of
 * the first 16 such prefixes seen, are "dense": their value sits in a page of 1,024 values per
 * (prefix, number ÷ 1,024), found through a small directory. No string is hashed or compared, ids
 * issued in sequence fill one page after another (an insert touches the cache line the previous one
 * did), and the pages hold 4 bytes per id instead of a randomly placed hash-table entry and a key.
 * The mapping between such a string and its (prefix, number) is one to one, so the string need not
 * be kept. Every other id (UUIDs, ids with leading zeros, more prefixes) goes to a `StringIndex`;
 * so do dense ids whose page would be too sparse (pages are created only while there are at most
 * 64 + dense ids ÷ 64 of them), which bounds the memory an adversarial id pattern can take.
 *
 * Ids issued by the intake in sequence (Binance's order ids are per-symbol integers) get the fast
 * path; random ids (UUIDs) pay one short scan of their last characters before the string table.
 *
 * All pages live in one pooled `Int32Array` (page p is `values[p × 1,024 …]`), sized from the
 * capacity hint and doubled when full: a dense position is the index of its value in the pool, so a
 * look-up reads one array, and a new page costs no allocation while the hint holds (allocating and
 * filling a page per 1,024 ids showed up as the same commands, o31744 and o40960 of the benchmark, taking
 * 30–200 µs in every timed run).
 */
export class OrderIdIndex {
  private readonly strings: StringIndex;
  private readonly prefixes: string[] = [];
  /** Every page's values, page after page; EMPTY where no key is. */
  private values: Int32Array;
  /** Number of pages in use in `values`. */
  private pageCount = 0;
  /** Directory key of each page: prefix × 2^40 + page number (number >>> PAGE_BITS). */
  private pageKeys: number[] = [];
  /** Open-addressing directory from page key to page index (-1: free). */
  private dirKeys: Float64Array;
  private dirVals: Int32Array;
  private dirMask: number;
  private lastDirKey = -1;
  private lastPage = -1;
  private dense = 0;

  // The parse of the last key looked at (a place looks its id up, then inserts it).
  private parsedKey: string | undefined = undefined;
  /** Whether the last parsed key has the dense form. */
  private parsedDense = false;
  /** Its prefix index, or -1 if that prefix is not registered (yet). */
  private parsedPrefix = -1;
  private parsedPrefixLength = 0;
  private parsedPageNo = 0;
  private parsedOffset = 0;

  constructor(capacity = 1024) {
    this.strings = new StringIndex(capacity);
    // Room for the hinted number of sequential ids under two prefixes (setup and live ids, say).
    const pages = Math.min(MAX_PAGES, Math.max(2, Math.ceil(capacity / PAGE_SIZE) + 2));
    this.values = new Int32Array(pages * PAGE_SIZE).fill(EMPTY);
    let dir = 64;
    while (dir < pages * 2) dir *= 2;
    this.dirKeys = new Float64Array(dir).fill(-1);
    this.dirVals = new Int32Array(dir);
    this.dirMask = dir - 1;
  }

  /** Number of keys. */
  get size(): number {
    return this.dense + this.strings.size;
  }

  /** Incremented whenever positions move (only the string table's move, when it grows). */
  get generation(): number {
    return this.strings.generation;
  }

  /** Position of `key`, or -1. */
  find(key: string): number {
    if (this.parse(key) && this.parsedPrefix >= 0) {
      const page = this.pageOf(this.parsedPrefix * TWO_POW_40 + this.parsedPageNo);
      if (page >= 0) {
        const position = (page << PAGE_BITS) | this.parsedOffset;
        if (this.values[position] !== EMPTY) return position;
      }
    }
    if (this.strings.size === 0) return -1;
    const i = this.strings.find(key);
    return i < 0 ? -1 : STRING_BASE + i;
  }

  /** Adds a key that is not present yet; returns its position (stable until `generation` changes). */
  insert(key: string, value: number): number {
    if (this.parse(key)) {
      let prefix = this.parsedPrefix;
      if (prefix < 0 && this.prefixes.length < MAX_PREFIXES) {
        prefix = this.prefixes.length;
        this.prefixes.push(key.slice(0, this.parsedPrefixLength));
        this.parsedPrefix = prefix;
      }
      if (prefix >= 0) {
        const dirKey = prefix * TWO_POW_40 + this.parsedPageNo;
        let page = this.pageOf(dirKey);
        if (page < 0 && this.pageCount < MAX_PAGES && this.pageCount < 64 + (this.dense >>> 6)) {
          page = this.addPage(dirKey);
        }
        if (page >= 0) {
          const position = (page << PAGE_BITS) | this.parsedOffset;
          this.values[position] = value;
          this.dense++;
          return position;
        }
      }
    }
    return STRING_BASE + this.strings.insert(key, value);
  }

  valueAt(position: number): number {
    return position >= STRING_BASE ? this.strings.valueAt(position - STRING_BASE) : this.values[position];
  }

  setAt(position: number, value: number): void {
    if (position >= STRING_BASE) this.strings.setAt(position - STRING_BASE, value);
    else this.values[position] = value;
  }

  /** Calls `fn` for every entry (dense ids first, in page order, then the string table's). */
  forEach(fn: (key: string, value: number) => void): void {
    const values = this.values;
    for (let p = 0; p < this.pageCount; p++) {
      const dirKey = this.pageKeys[p];
      const prefix = this.prefixes[Math.floor(dirKey / TWO_POW_40)];
      const first = (dirKey % TWO_POW_40) * PAGE_SIZE;
      const base = p * PAGE_SIZE;
      for (let o = 0; o < PAGE_SIZE; o++) {
        const v = values[base + o];
        if (v !== EMPTY) fn(prefix + String(first + o), v);
      }
    }
    this.strings.forEach(fn);
  }

  /**
   * Whether `key` has the dense form; if so, fills the parsed* fields (prefix index -1 when the prefix
   * is not registered). Remembers the last key so that find-then-insert parses once.
   */
  private parse(key: string): boolean {
    if (key === this.parsedKey) return this.parsedDense;
    this.parsedKey = key;
    this.parsedDense = false;
    const n = key.length;
    if (n === 0 || n > MAX_PREFIX_LENGTH + MAX_DIGITS) return false;
    let i = n - 1;
    let num = 0;
    let scale = 1;
    for (; i >= 0; i--) {
      const c = key.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      num += c * scale;
      scale *= 10;
    }
    const start = i + 1;
    const digits = n - start;
    if (digits === 0 || digits > MAX_DIGITS || start > MAX_PREFIX_LENGTH) return false;
    if (digits > 1 && key.charCodeAt(start) === 48) return false;
    let prefix = -1;
    const prefixes = this.prefixes;
    for (let k = 0; k < prefixes.length; k++) {
      const p = prefixes[k];
      if (p.length === start && key.startsWith(p)) {
        prefix = k;
        break;
      }
    }
    const pageNo = Math.floor(num / PAGE_SIZE);
    this.parsedPrefix = prefix;
    this.parsedPrefixLength = start;
    this.parsedPageNo = pageNo;
    this.parsedOffset = num - pageNo * PAGE_SIZE;
    this.parsedDense = true;
    return true;
  }

  private pageOf(dirKey: number): number {
    if (dirKey === this.lastDirKey) return this.lastPage;
    const keys = this.dirKeys;
    const mask = this.dirMask;
    let i = dirHash(dirKey) & mask;
    for (;;) {
      const k = keys[i];
      if (k === dirKey) {
        this.lastDirKey = dirKey;
        this.lastPage = this.dirVals[i];
        return this.lastPage;
      }
      if (k === -1) return -1;
      i = (i + 1) & mask;
    }
  }

  private addPage(dirKey: number): number {
    const page = this.pageCount++;
    if (page * PAGE_SIZE === this.values.length) {
      const values = new Int32Array(this.values.length * 2);
      values.set(this.values);
      values.fill(EMPTY, this.values.length);
      this.values = values;
    }
    this.pageKeys.push(dirKey);
    if (this.pageCount * 2 > this.dirMask + 1) this.growDirectory();
    else this.dirPut(dirKey, page);
    this.lastDirKey = dirKey;
    this.lastPage = page;
    return page;
  }

  private dirPut(dirKey: number, page: number): void {
    const keys = this.dirKeys;
    const mask = this.dirMask;
    let i = dirHash(dirKey) & mask;
    while (keys[i] !== -1) i = (i + 1) & mask;
    keys[i] = dirKey;
    this.dirVals[i] = page;
  }

  private growDirectory(): void {
    const cap = (this.dirMask + 1) * 2;
    this.dirKeys = new Float64Array(cap).fill(-1);
    this.dirVals = new Int32Array(cap);
    this.dirMask = cap - 1;
    for (let p = 0; p < this.pageCount; p++) this.dirPut(this.pageKeys[p], p);
  }
}

function dirHash(dirKey: number): number {
  let h = (dirKey >>> 0) ^ Math.imul((dirKey / TWO_POW_32) | 0, 0x85ebca6b);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

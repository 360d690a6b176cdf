/**
 * The price levels of one side of a book, kept sorted in a typed array with the best price at the
 * end, so that the best level is read in O(1) and a level that empties at the top of the book is
 * removed in O(1). Keys are `price` for bids and `-price` for asks, ascending, so both sides share
 * one code path. Each key sits beside the index of its level in the engine's level pool.
 */
export class PriceLadder {
  private keys: Float64Array;
  private levels: Int32Array;
  size = 0;

  constructor(
    private readonly sign: 1 | -1,
    capacity = 256,
  ) {
    this.keys = new Float64Array(capacity);
    this.levels = new Int32Array(capacity);
  }

  /** Level index of the best price, or -1 when the side is empty. */
  best(): number {
    return this.size === 0 ? -1 : this.levels[this.size - 1];
  }

  /** Level index at `rank` from the best (0 = best), or -1. */
  levelAt(rank: number): number {
    const i = this.size - 1 - rank;
    return i < 0 ? -1 : this.levels[i];
  }

  /** Level index holding `price`, or -1. */
  find(price: number): number {
    const pos = this.search(this.sign * price);
    return pos >= 0 ? this.levels[pos] : -1;
  }

  /** Adds a level for a price that has none. */
  insert(price: number, level: number): void {
    const key = this.sign * price;
    let pos = this.search(key);
    if (pos >= 0) throw new Error(`price level ${price} already exists`);
    pos = -pos - 1;
    if (this.size === this.keys.length) this.grow();
    const n = this.size;
    if (pos < n) {
      this.keys.copyWithin(pos + 1, pos, n);
      this.levels.copyWithin(pos + 1, pos, n);
    }
    this.keys[pos] = key;
    this.levels[pos] = level;
    this.size = n + 1;
  }

  /** Removes the level of `price`, which must exist. */
  remove(price: number): void {
    const key = this.sign * price;
    const last = this.size - 1;
    if (last >= 0 && this.keys[last] === key) {
      this.size = last;
      return;
    }
    const pos = this.search(key);
    if (pos < 0) throw new Error(`price level ${price} does not exist`);
    this.keys.copyWithin(pos, pos + 1, this.size);
    this.levels.copyWithin(pos, pos + 1, this.size);
    this.size = last;
  }

  clear(): void {
    this.size = 0;
  }

  /** Binary search: the position of `key`, or `-(insertion point) - 1`. */
  private search(key: number): number {
    const keys = this.keys;
    let lo = 0;
    let hi = this.size - 1;
    // Most activity is at the top of the book: try the best end first.
    if (hi >= 0) {
      const top = keys[hi];
      if (key > top) return -(hi + 1) - 1;
      if (key === top) return hi;
      // Most look-ups are for prices near the best: scan a few keys below the top before bisecting.
      const stop = hi > 8 ? hi - 8 : 0;
      for (let i = hi - 1; i >= stop; i--) {
        const k = keys[i];
        if (k === key) return i;
        if (k < key) return -(i + 1) - 1;
      }
      hi = stop - 1;
    }
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const k = keys[mid];
      if (k < key) lo = mid + 1;
      else if (k > key) hi = mid - 1;
      else return mid;
    }
    return -lo - 1;
  }

  private grow(): void {
    const keys = new Float64Array(this.keys.length * 2);
    keys.set(this.keys);
    const levels = new Int32Array(this.levels.length * 2);
    levels.set(this.levels);
    this.keys = keys;
    this.levels = levels;
  }
}

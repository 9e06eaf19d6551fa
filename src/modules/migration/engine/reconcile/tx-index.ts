/**
 * Transactions by key — a small tag (source system × kind) and the source id — numbered 0, 1, 2, …
 * in the order first seen. An open-addressing table over typed arrays: with hundreds of
 * thousands of transactions it costs a fraction of a Map<string, number> (no entry objects,
 * no rehash of string keys: each key's hash is kept).
 */
export class TxIndex {
  readonly ids: string[] = [];
  /** Whether the last findOrAdd added its key. */
  added = false;
  private slots = new Int32Array(1 << 12).fill(-1);
  private hashes = new Int32Array(1 << 11);
  private tags = new Uint16Array(1 << 11);

  get size(): number {
    return this.ids.length;
  }

  tag(t: number): number {
    return this.tags[t]!;
  }

  findOrAdd(tag: number, id: string): number {
    const h = hashKey(tag, id);
    const mask = this.slots.length - 1;
    let s = h & mask;
    for (let t = this.slots[s]!; t !== -1; t = this.slots[s]!) {
      if (this.hashes[t] === h && this.tags[t] === tag && this.ids[t] === id) {
        this.added = false;
        return t;
      }
      s = (s + 1) & mask;
    }
    const t = this.ids.length;
    if (t === this.hashes.length) {
      this.hashes = grow(this.hashes);
      this.tags = grow(this.tags);
    }
    this.ids.push(id);
    this.hashes[t] = h;
    this.tags[t] = tag;
    this.slots[s] = t;
    // At most half full, so probes stay short.
    if (2 * this.ids.length > this.slots.length) this.rehash();
    this.added = true;
    return t;
  }

  private rehash() {
    const slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (let t = 0; t < this.ids.length; t++) {
      let s = this.hashes[t]! & mask;
      while (slots[s] !== -1) s = (s + 1) & mask;
      slots[s] = t;
    }
    this.slots = slots;
  }
}

function grow<T extends Int32Array | Uint16Array>(a: T): T {
  const b = new (a.constructor as new (n: number) => T)(a.length * 2);
  b.set(a);
  return b;
}

/** FNV-1a over the tag and the id's code units, then MurmurHash3's finaliser (ids differ in their last digits). */
function hashKey(tag: number, id: string): number {
  let h = Math.imul(0x811c9dc5 ^ tag, 0x01000193);
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

import { ChunkedColumn } from './chunked.ts';

/**
 * Transactions by key — a small tag (source system × kind) and the source id — numbered 0, 1, 2, …
 * in the order first seen. An open-addressing table over typed arrays: with millions of
 * transactions it costs a fraction of a Map<string, number> (no entry objects, no rehash of
 * string keys: each key's hash is kept). The ids are kept as their UTF-8 bytes in one growing
 * buffer, not as strings: a string each was ~50 bytes of V8 heap a transaction, which on a
 * file of a few million rows filled the command's 192 MB heap.
 */
export class TxIndex {
  /** Whether the last findOrAdd added its key. */
  added = false;
  private count = 0;
  private slots = new Int32Array(1 << 12).fill(-1);
  private readonly hashes = new ChunkedColumn((n) => new Int32Array(n));
  private readonly tags = new ChunkedColumn((n) => new Uint16Array(n));
  /** Transaction t's id is bytes[starts(t), starts(t + 1)). */
  private readonly starts = new ChunkedColumn((n) => new Int32Array(n));
  private bytes = Buffer.allocUnsafe(1 << 16);
  /** The id being looked up, encoded. */
  private scratch = Buffer.allocUnsafe(256);

  get size(): number {
    return this.count;
  }

  constructor() {
    this.starts.set(0, 0);
  }

  tag(t: number): number {
    return this.tags.get(t);
  }

  id(t: number): string {
    return this.bytes.toString('utf8', this.starts.get(t), this.starts.get(t + 1));
  }

  findOrAdd(tag: number, id: string): number {
    const h = hashKey(tag, id);
    if (id.length * 3 > this.scratch.length) this.scratch = Buffer.allocUnsafe(id.length * 3);
    const n = this.scratch.write(id, 0, 'utf8');
    const mask = this.slots.length - 1;
    let s = h & mask;
    for (let t = this.slots[s]!; t !== -1; t = this.slots[s]!) {
      if (this.hashes.get(t) === h && this.tags.get(t) === tag && this.sameId(t, n)) {
        this.added = false;
        return t;
      }
      s = (s + 1) & mask;
    }
    const t = this.count++;
    const at = this.starts.get(t);
    if (at + n > this.bytes.length) {
      const bytes = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, at + n));
      this.bytes.copy(bytes, 0, 0, at);
      this.bytes = bytes;
    }
    this.scratch.copy(this.bytes, at, 0, n);
    this.starts.set(t + 1, at + n);
    this.hashes.set(t, h);
    this.tags.set(t, tag);
    this.slots[s] = t;
    // At most half full, so probes stay short.
    if (2 * this.count > this.slots.length) this.rehash();
    this.added = true;
    return t;
  }

  /** Whether transaction t's id is the n bytes in scratch. */
  private sameId(t: number, n: number): boolean {
    const at = this.starts.get(t);
    if (this.starts.get(t + 1) - at !== n) return false;
    for (let i = 0; i < n; i++) if (this.bytes[at + i] !== this.scratch[i]) return false;
    return true;
  }

  private rehash() {
    const slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (let t = 0; t < this.count; t++) {
      let s = this.hashes.get(t) & mask;
      while (slots[s] !== -1) s = (s + 1) & mask;
      slots[s] = t;
    }
    this.slots = slots;
  }
}

/** FNV-1a over the tag and the id's code units, then MurmurHash3's finaliser (ids differ in their last digits). */
export function hashKey(tag: number, id: string): number {
  let h = Math.imul(0x811c9dc5 ^ tag, 0x01000193);
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

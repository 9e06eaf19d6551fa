type NumberArray = Int32Array | Uint32Array | Uint16Array | Float64Array;

const SHIFT = 16;
const CHUNK = 1 << SHIFT;
const MASK = CHUNK - 1;

/**
 * A column of numbers, one per transaction or line, in typed arrays of 65,536: it grows a chunk
 * at a time, never copied. (An array doubled when full held up to twice what it needed, and
 * three times while it was copied: a 6M-row file's reconcile peaked at 511 MiB with them, 479–492
 * with chunks.) Read only what was written.
 */
export class ChunkedColumn {
  private readonly chunks: NumberArray[] = [];

  constructor(private readonly make: (length: number) => NumberArray) {}

  get(i: number): number {
    return this.chunks[i >>> SHIFT]![i & MASK]!;
  }

  set(i: number, value: number): void {
    (this.chunks[i >>> SHIFT] ??= this.make(CHUNK))[i & MASK] = value;
  }
}

/**
 * Header names → canonical fields, from the names exports use in English and Indonesian.
 * The first field (in this order) to claim a header keeps it; each header is used once.
 */
const SYNONYMS: [field: string, names: string[]][] = [
  ['transaction_id', ['receipt number', 'receipt no', 'receipt', 'no transaksi', 'nomor transaksi', 'id transaksi', 'kode transaksi', 'no nota', 'nomor nota', 'no struk', 'nomor struk', 'no dokumen', 'nomor dokumen', 'transaction id', 'transaction no', 'order id', 'order no', 'no order', 'bill no', 'no bill', 'invoice no', 'no invoice']],
  ['original_transaction_id', ['no referensi', 'nomor referensi', 'referensi', 'reference', 'reference no', 'original receipt', 'original receipt number', 'no transaksi asal']],
  ['line_no', ['no', 'line', 'line no', 'baris', 'no urut', 'item no']],
  ['date', ['date', 'tanggal', 'tgl', 'transaction date', 'tanggal transaksi', 'datetime', 'date time', 'waktu transaksi', 'created at']],
  ['time', ['time', 'jam', 'waktu', 'transaction time', 'jam transaksi']],
  ['outlet', ['outlet', 'outlet name', 'nama outlet', 'store', 'store name', 'toko', 'nama toko', 'cabang', 'branch', 'lokasi']],
  ['item', ['items', 'item', 'item name', 'produk', 'nama produk', 'product', 'product name', 'menu', 'nama menu', 'nama item', 'barang', 'nama barang']],
  ['category', ['category', 'kategori', 'kategori produk', 'product category']],
  ['sku', ['sku', 'kode produk', 'product code', 'kode barang', 'kode item', 'barcode']],
  ['qty', ['quantity', 'qty', 'jumlah', 'jml', 'kuantitas', 'kuantiti', 'banyaknya']],
  ['unit_price', ['harga satuan', 'harga', 'unit price', 'price', 'harga jual', 'item price']],
  ['gross', ['gross sales', 'penjualan kotor', 'subtotal', 'sub total', 'gross', 'bruto', 'total kotor', 'gross amount']],
  ['discount', ['discounts', 'discount', 'diskon', 'potongan', 'discount amount']],
  ['tax', ['tax', 'taxes', 'pajak', 'pb1', 'pbjt', 'ppn', 'tax amount']],
  ['service_charge', ['gratuity', 'service charge', 'biaya layanan', 'biaya pelayanan', 'service', 'sc']],
  ['rounding', ['rounding', 'pembulatan']],
  ['net', ['net sales', 'total', 'grand total', 'net', 'penjualan bersih', 'total bayar', 'netto', 'total penjualan', 'total collected']],
  ['payment_method', ['payment method', 'metode pembayaran', 'payment type', 'jenis pembayaran', 'tipe pembayaran', 'pembayaran', 'payment', 'cara bayar', 'metode bayar']],
  ['refund_marker', ['event type', 'status', 'tipe', 'type', 'jenis transaksi', 'transaction type', 'tipe transaksi', 'status transaksi']],
];

export const nameKey = (h: string): string => h.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/** Field → the header (as written) it was matched to. */
export function guessColumns(header: string[]): Map<string, string> {
  const taken = new Set<number>();
  const found = new Map<string, string>();
  const keys = header.map(nameKey);
  for (const [field, names] of SYNONYMS) {
    for (const n of names) {
      const i = keys.findIndex((k, j) => k === n && !taken.has(j));
      if (i >= 0) {
        taken.add(i);
        found.set(field, header[i]!);
        break;
      }
    }
  }
  return found;
}

/** Values of a status column that mark refunds and voids, by the words exports use. */
export function guessRefundValues(values: string[]): { refund: string[]; void: string[] } {
  const distinct = [...new Set(values.map((v) => v.trim()).filter(Boolean))];
  return {
    refund: distinct.filter((v) => /refund|retur|return|pengembalian/i.test(v)),
    void: distinct.filter((v) => /void|batal|cancel/i.test(v)),
  };
}

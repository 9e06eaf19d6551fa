import { describe, expect, it } from 'vitest';
import { makePaymentMethodResolver } from './payment-method.ts';

describe('makePaymentMethodResolver', () => {
  const resolve = makePaymentMethodResolver({ 'Kas Kecil': 'cash', OVO: 'other', 'Voucher Karyawan': 'other' });

  it('knows the common Indonesian names, whatever the case and spacing', () => {
    const cases: [string, string][] = [
      ['Tunai', 'cash'], ['CASH', 'cash'], ['QRIS', 'qris'], ['QRIS BCA', 'qris'], ['GoPay', 'gopay'], ['Go-Pay', 'gopay'],
      ['go pay', 'gopay'], ['DANA', 'dana'], ['ShopeePay', 'shopeepay'], ['LinkAja', 'other'], ['Kartu Debit', 'debit_card'],
      ['Kartu Debit BCA', 'debit_card'], ['EDC BCA', 'debit_card'], ['EDC Mandiri', 'debit_card'], ['Debit', 'debit_card'],
      ['Kartu Kredit', 'credit_card'], ['Credit Card', 'credit_card'], ['EDC Kredit BNI', 'credit_card'],
      ['Transfer Bank', 'bank_transfer'], ['Bank Transfer', 'bank_transfer'], ['Transfer BCA', 'bank_transfer'],
      ['GoFood', 'gofood'], ['Go Food', 'gofood'], ['GrabFood', 'grabfood'], ['ShopeeFood', 'shopeefood'],
      ['Invoice', 'other'],
    ];
    for (const [raw, method] of cases) expect(resolve(raw), raw).toBe(method);
  });

  it("lets the mapping's aliases come first", () => {
    expect(resolve('kas kecil')).toBe('cash');
    expect(resolve('ovo')).toBe('other');
    expect(resolve('VOUCHER  karyawan')).toBe('other');
  });

  it('does not guess unknown names', () => {
    expect(resolve('Bitcoin')).toBeNull();
    expect(resolve('Kredivo')).toBeNull();
    expect(resolve('')).toBeNull();
    expect(resolve('—')).toBeNull();
  });
});

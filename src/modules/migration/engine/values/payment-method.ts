import type { PaymentMethod } from '../types.ts';

/**
 * Payment names → normalised methods. Names compare by their letters and digits only, lower
 * case ("Go-Pay", "GOPAY", "go pay" are one name). The mapping's `paymentMethods` come first,
 * then the names Indonesian POS systems commonly export; anything else is unknown (a reject
 * asking for an alias), never guessed.
 */
export const paymentKey = (name: string): string => name.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

const BUILT_IN: Record<string, PaymentMethod> = Object.fromEntries(
  (
    [
      ['cash', 'cash tunai uangtunai kas'],
      ['qris', 'qris qr qrcode'],
      ['gopay', 'gopay'],
      ['ovo', 'ovo'],
      ['dana', 'dana'],
      ['shopeepay', 'shopeepay spay'],
      ['gofood', 'gofood'],
      ['grabfood', 'grabfood'],
      ['shopeefood', 'shopeefood'],
      ['debit_card', 'debit debitcard kartudebit edc'],
      ['credit_card', 'credit creditcard kredit kartukredit'],
      ['bank_transfer', 'transfer banktransfer transferbank virtualaccount va'],
      // No method of their own in the target: LinkAja, invoices, "other". Pay-later wallets
      // (Akulaku, Kredivo) are not guessed: a mapping says what they are.
      ['other', 'linkaja invoice other others lainnya lainlain'],
    ] as const
  ).flatMap(([method, names]) => names.split(' ').map((n) => [n, method] as const)),
);

/** Names with a bank or acquirer after them: "EDC BCA", "Kartu Debit Mandiri", "QRIS BRI", "Transfer Bank BNI". */
const PREFIXES: [string, PaymentMethod][] = [
  ['kartukredit', 'credit_card'], ['creditcard', 'credit_card'], ['kredit', 'credit_card'],
  ['kartudebit', 'debit_card'], ['debitcard', 'debit_card'], ['debit', 'debit_card'],
  ['edckredit', 'credit_card'], ['edccredit', 'credit_card'], ['edc', 'debit_card'],
  ['qris', 'qris'], ['transferbank', 'bank_transfer'], ['banktransfer', 'bank_transfer'], ['transfer', 'bank_transfer'],
];

function builtIn(key: string): PaymentMethod | null {
  const exact = BUILT_IN[key];
  if (exact) return exact;
  for (const [prefix, method] of PREFIXES) if (key.startsWith(prefix)) return method;
  return null;
}

/** A resolver for one mapping: raw name → method, or null for an unknown name. */
export function makePaymentMethodResolver(aliases: Record<string, PaymentMethod>): (raw: string) => PaymentMethod | null {
  const own = new Map(Object.entries(aliases).map(([name, method]) => [paymentKey(name), method]));
  const memo = new Map<string, PaymentMethod | null>();
  return (raw) => {
    let m = memo.get(raw);
    if (m === undefined) {
      const key = paymentKey(raw);
      m = key === '' ? null : (own.get(key) ?? builtIn(key));
      if (memo.size < 10_000) memo.set(raw, m);
    }
    return m;
  };
}

/** The six amounts of a line, or of lines summed (a transaction, a day), in sen. */
export interface Amounts {
  grossSen: number;
  discountSen: number;
  taxSen: number;
  serviceChargeSen: number;
  roundingSen: number;
  netSen: number;
}

export const zeroAmounts = (): Amounts => ({ grossSen: 0, discountSen: 0, taxSen: 0, serviceChargeSen: 0, roundingSen: 0, netSen: 0 });

/** Adds `a`'s amounts into `into` (in place) and returns it. */
export function addAmounts<T extends Amounts>(into: T, a: Amounts): T {
  into.grossSen += a.grossSen;
  into.discountSen += a.discountSen;
  into.taxSen += a.taxSen;
  into.serviceChargeSen += a.serviceChargeSen;
  into.roundingSen += a.roundingSen;
  into.netSen += a.netSen;
  return into;
}

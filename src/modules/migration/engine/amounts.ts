/** The six amounts of a line, or of lines summed (a transaction, a day), in sen. */
export interface Amounts {
  grossSen: number;
  discountSen: number;
  taxSen: number;
  serviceChargeSen: number;
  roundingSen: number;
  netSen: number;
}

import Decimal from "decimal.js";

/** An amount to the cent, as advice states savings. */
export const money = (value: Decimal.Value) => new Decimal(value).toDecimalPlaces(2).toFixed(2);

/** An amount to the cent with its currency: "12.50 USD". */
export const priced = (value: Decimal.Value, currency: string | null) =>
  `${money(value)}${currency ? ` ${currency}` : ""}`;

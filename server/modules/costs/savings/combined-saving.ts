import Decimal from "decimal.js";
import type { Advice } from "./savings.ts";

/*
 * Advice on one resource overlaps: downsizing initech-app saves half its cost, and covering it
 * with a commitment saves a quarter of what is then left, not a quarter of the original size.
 * Each piece of advice saves a share of the resource's cost (`shares`), so taken together they
 * leave Π(1 − share) of it: the combined saving is cost × (1 − Π(1 − share)), the same whatever
 * the order. Written with the savings alone: the largest counts in full and each next one only
 * on what the earlier ones leave. Advice on different resources (or commitments) adds up.
 */

/** The monthly saving of all the advice, advice on the same resource combined rather than added. */
export function combinedMonthlySaving(
  items: readonly Advice[],
  shares: Readonly<Record<Advice["kind"], number>>,
): Decimal {
  const byTarget = new Map<string, Advice[]>();
  items.forEach((item, index) => {
    const key =
      (item.resourceId && `resource:${item.resourceId}`) ??
      (item.inventoryId && `inventory:${item.inventoryId}`) ??
      (item.commitmentId && `commitment:${item.commitmentId}`) ??
      `item:${index}`;
    byTarget.set(key, [...(byTarget.get(key) ?? []), item]);
  });
  let total = new Decimal(0);
  for (const advice of byTarget.values()) {
    // What is left of the resource's cost after the advice counted so far, as a share of it.
    let left = new Decimal(1);
    for (const item of [...advice].sort((a, b) =>
      new Decimal(b.monthlySaving).comparedTo(a.monthlySaving),
    )) {
      total = total.plus(new Decimal(item.monthlySaving).times(left));
      left = left.times(new Decimal(1).minus(Math.min(1, Math.max(0, shares[item.kind]))));
    }
  }
  return total;
}

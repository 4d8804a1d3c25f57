// The pricing plan as the editor's form holds it, and back.
import { orNull } from "./fields.tsx";
import type { ClientDetail } from "./invoice-format.ts";

/** Staff always get the plan; only a client guest gets null, and guests never see this editor. */
type Plan = NonNullable<ClientDetail["pricing"]>;
export type Override = { provider: string; service: string; markupPercent: string };

/** The plan as the form edits it: every part present, switched on or off. */
export function draftOf(given: Plan | null) {
  const plan: Plan = given ?? {
    cloud: null,
    retainer: null,
    hourly: null,
    resourceFee: null,
    minimumFee: null,
    discountPercent: null,
    taxRate: null,
    autoDraft: false,
  };
  return {
    hasCloud: plan.cloud !== null,
    basis: plan.cloud?.basis ?? "BilledCost",
    markupPercent: plan.cloud?.markupPercent ?? "0",
    overrides: (plan.cloud?.overrides ?? []).map((o) => ({
      provider: o.provider ?? "",
      service: o.service ?? "",
      markupPercent: o.markupPercent,
    })) as Override[],
    lineGrouping: plan.cloud?.lineGrouping ?? "service",
    hasRetainer: plan.retainer !== null,
    retainerAmount: plan.retainer?.amount ?? "",
    retainerDescription: plan.retainer?.description ?? "Monthly retainer",
    hasHourly: plan.hourly !== null,
    defaultRate: plan.hourly?.defaultRate ?? "",
    taskRates: plan.hourly?.taskRates ?? [],
    hasResourceFee: plan.resourceFee !== null,
    resourceFeeAmount: plan.resourceFee?.amount ?? "",
    resourceFeeDescription: plan.resourceFee?.description ?? "Managed resources",
    minimumFee: plan.minimumFee ?? "",
    discountPercent: plan.discountPercent ?? "",
    taxRate: plan.taxRate ?? "",
    autoDraft: plan.autoDraft,
  };
}
export type Draft = ReturnType<typeof draftOf>;

export function planOf(d: Draft): Plan {
  const optional = (v: string) => (v.trim() ? v.trim() : undefined);
  return {
    cloud: d.hasCloud
      ? {
          basis: d.basis,
          markupPercent: d.markupPercent.trim(),
          overrides: d.overrides.map((o) => ({
            provider: optional(o.provider),
            service: optional(o.service),
            markupPercent: o.markupPercent.trim(),
          })),
          lineGrouping: d.lineGrouping,
        }
      : null,
    retainer: d.hasRetainer
      ? { amount: d.retainerAmount.trim(), description: d.retainerDescription.trim() }
      : null,
    hourly: d.hasHourly
      ? {
          defaultRate: orNull(d.defaultRate),
          taskRates: d.taskRates.map((r) => ({ label: r.label.trim(), rate: r.rate.trim() })),
        }
      : null,
    resourceFee: d.hasResourceFee
      ? { amount: d.resourceFeeAmount.trim(), description: d.resourceFeeDescription.trim() }
      : null,
    minimumFee: orNull(d.minimumFee),
    discountPercent: orNull(d.discountPercent),
    taxRate: orNull(d.taxRate),
    autoDraft: d.autoDraft,
  };
}

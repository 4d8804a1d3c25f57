import { readFileSync } from "node:fs";
import { z } from "zod";

/**
 * The FinOps Foundation focus-validator's machine-readable FOCUS conformance model (MIT, see
 * SOURCES.md): rules with a requirement and an optional condition built from named check
 * functions. Read once per process; the checker interprets it, so a new model file is a drop-in.
 */

/** One node of a requirement or condition: `{ CheckFunction: "CheckValue", ColumnName, Value }`. */
export type CheckNode = Record<string, unknown>;

const ZCheckNode = z.record(z.string(), z.unknown());

const ZModelRule = z.object({
  Function: z.string(),
  Reference: z.string(),
  EntityType: z.string(),
  Status: z.string(),
  Type: z.string(),
  ApplicabilityCriteria: z.array(z.string()),
  ValidationCriteria: z.object({
    MustSatisfy: z.string(),
    Keyword: z.string(),
    Requirement: ZCheckNode,
    Condition: ZCheckNode,
    Dependencies: z.array(z.string()),
  }),
});

const ZModel = z.object({
  Details: z.object({ ModelVersion: z.string(), FOCUSVersion: z.string() }),
  ApplicabilityCriteria: z.record(z.string(), z.object({ Description: z.string() })),
  /** The check functions; FormatAttributes names the attribute rules a function enforces. */
  CheckFunctions: z
    .record(z.string(), z.object({ FormatAttributes: z.array(z.string()).default([]) }))
    .default({}),
  ModelRules: z.record(z.string(), ZModelRule),
});

const ZErrata = z.object({
  ModelVersion: z.string(),
  Corrections: z.array(
    z.object({
      RuleId: z.string(),
      Reason: z.string(),
      Requirement: ZCheckNode.optional(),
      Condition: ZCheckNode.optional(),
    }),
  ),
});

export type ModelRule = z.infer<typeof ZModelRule>;
export type ConformanceModel = z.infer<typeof ZModel>;
export type ModelErrata = z.infer<typeof ZErrata>;

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(new URL(file, import.meta.url), "utf8"));
}

/** Validates a parsed model file; throws naming the first field that does not fit. */
export function parseModel(json: unknown): ConformanceModel {
  return ZModel.parse(json);
}

/**
 * The model with our corrections applied (model-errata.json: checks that contradict their own
 * rule text). Corrections for another model version are ignored.
 */
export function applyErrata(model: ConformanceModel, errata: ModelErrata): ConformanceModel {
  if (errata.ModelVersion !== model.Details.ModelVersion) return model;
  const rules = { ...model.ModelRules };
  for (const fix of errata.Corrections) {
    const rule = rules[fix.RuleId];
    if (!rule) continue;
    const criteria = { ...rule.ValidationCriteria };
    if (fix.Requirement) criteria.Requirement = fix.Requirement;
    if (fix.Condition) criteria.Condition = fix.Condition;
    rules[fix.RuleId] = { ...rule, ValidationCriteria: criteria };
  }
  return { ...model, ModelRules: rules };
}

let bundled: { model: ConformanceModel; currencyCodes: ReadonlySet<string> } | undefined;

/** The bundled FOCUS 1.2 model (corrected) and ISO 4217 codes, read on first use. */
export function bundledModel(): { model: ConformanceModel; currencyCodes: ReadonlySet<string> } {
  if (!bundled) {
    const model = applyErrata(
      parseModel(readJson("./model-1.2.json")),
      ZErrata.parse(readJson("./model-errata.json")),
    );
    bundled = { model, currencyCodes: readCurrencyCodes() };
  }
  return bundled;
}

/** currency_codes.csv is pandas output: an index column, then the code. */
function readCurrencyCodes(): ReadonlySet<string> {
  const text = readFileSync(new URL("./currency_codes.csv", import.meta.url), "utf8");
  const codes = new Set<string>();
  for (const line of text.split(/\r?\n/).slice(1)) {
    const code = line.split(",")[1]?.trim();
    if (code) codes.add(code);
  }
  return codes;
}

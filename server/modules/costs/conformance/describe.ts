import type { ModelRule } from "./model.ts";

/**
 * The model's MustSatisfy sentence made into a short line for people: RFC 2119 keywords in
 * lower case ("BilledCost must not be null"), and the "adheres to the following requirements:"
 * lead-ins of composite rules turned into a statement.
 */
export function describeRule(rule: ModelRule): string {
  return rule.ValidationCriteria.MustSatisfy.trim()
    .replace(/\b(MUST NOT|MUST|SHOULD NOT|SHOULD|MAY|RECOMMENDED|REQUIRED|OPTIONAL)\b/g, (word) =>
      word.toLowerCase(),
    )
    .replace(
      /^The (\w+) (column|attribute|dataset) adheres to the following requirements:$/,
      "$1 $2 rules hold",
    )
    .replace(/adheres to the following additional requirements:$/, "meets its further rules")
    .replace(/adheres to the following requirements:$/, "meets its rules")
    .replace(/ is defined as follows:$/, " rules hold")
    .replace(/,? ?(and )?conform to the following guidelines:$/, "")
    .replace(/ listed below\.?$/, "")
    .replace(/[.:]$/, "");
}

/** "Provider supports commitment discounts" → "the provider supports commitment discounts". */
export function describeCriterion(description: string): string {
  return description.replace(/^Provider\b/, "the provider");
}

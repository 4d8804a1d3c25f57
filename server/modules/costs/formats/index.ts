import type { SourceFormat } from "../import/focus.ts";
import { awsCur2Format, awsCurFormat } from "./aws-cur.ts";
import { azureFormat } from "./azure.ts";
import { digitalOceanFormat } from "./digitalocean.ts";
import { focusFormat } from "./focus.ts";
import { gcpFormat } from "./gcp.ts";
import { ociFormat } from "./oci.ts";

/**
 * Every billing format the importer understands, in detection order: the first whose
 * `detect` accepts a file's columns reads it. FOCUS comes first: a FOCUS export from any
 * provider is FOCUS, whatever extra columns it carries. The provider formats after it do not
 * overlap (the tests check every fixture is claimed by exactly one).
 */
export const SOURCE_FORMAT_LIST: readonly SourceFormat[] = [
  focusFormat,
  awsCurFormat,
  awsCur2Format,
  azureFormat,
  gcpFormat,
  ociFormat,
  digitalOceanFormat,
];

export function detectFormat(columns: readonly string[]): SourceFormat | undefined {
  return SOURCE_FORMAT_LIST.find((format) => format.detect(columns));
}

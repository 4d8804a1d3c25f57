import { structuredPatch } from "diff";

export interface DiffLine {
  type: "context" | "added" | "removed";
  text: string;
  oldNumber: number | null;
  newNumber: number | null;
}

export interface DiffHunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  lines: DiffLine[];
}

/** Markdown's meaning does not change with a final newline: diff both texts as if they had one. */
const withFinalNewline = (text: string) =>
  text === "" || text.endsWith("\n")
    ? text.replace(/\r\n/g, "\n")
    : `${text.replace(/\r\n/g, "\n")}\n`;

/**
 * A unified line diff (jsdiff's structuredPatch) with line numbers on both sides and the
 * count of lines added and removed, as a reviewer reads it.
 */
export function diffLines(before: string, after: string, context = 3) {
  const patch = structuredPatch("", "", withFinalNewline(before), withFinalNewline(after), "", "", {
    context,
  });
  let added = 0;
  let removed = 0;
  const hunks: DiffHunk[] = patch.hunks.map((hunk) => {
    let oldNumber = hunk.oldStart;
    let newNumber = hunk.newStart;
    const lines: DiffLine[] = [];
    for (const line of hunk.lines) {
      const text = line.slice(1);
      if (line.startsWith("+")) {
        added += 1;
        lines.push({ type: "added", text, oldNumber: null, newNumber: newNumber++ });
      } else if (line.startsWith("-")) {
        removed += 1;
        lines.push({ type: "removed", text, oldNumber: oldNumber++, newNumber: null });
      } else if (line.startsWith(" ")) {
        lines.push({ type: "context", text, oldNumber: oldNumber++, newNumber: newNumber++ });
      }
      // "\ No newline at end of file" cannot occur: both texts end with one.
    }
    const { oldStart, oldLines, newStart, newLines } = hunk;
    return { oldStart, oldLines, newStart, newLines, lines };
  });
  return { added, removed, hunks };
}

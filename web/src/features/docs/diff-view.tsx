import type { OperationOutput } from "../../lib/api.ts";

type Diff = OperationOutput<"docs.diff">;

const LINE_CLASS = {
  added: "bg-success/10 text-foreground",
  removed: "bg-destructive/10 text-foreground",
  context: "text-muted-foreground",
} as const;
const SIGN = { added: "+", removed: "−", context: " " } as const;

/** A unified diff of two versions: hunks of lines, additions green, removals red. */
export function DiffView({ diff }: { diff: Diff }) {
  return (
    <div className="grid gap-4" data-testid="doc-diff">
      <p className="flex flex-wrap items-center gap-3 text-sm">
        <span className="font-medium">
          Version {diff.from} → version {diff.to}
        </span>
        <span className="text-success" data-testid="diff-added">
          +{diff.added} line{diff.added === 1 ? "" : "s"}
        </span>
        <span className="text-destructive" data-testid="diff-removed">
          −{diff.removed} line{diff.removed === 1 ? "" : "s"}
        </span>
      </p>
      {diff.title && (
        <p className="text-sm">
          Title: <del className="bg-destructive/10 px-1">{diff.title.from}</del> →{" "}
          <ins className="bg-success/10 px-1 no-underline">{diff.title.to}</ins>
        </p>
      )}
      {diff.hunks.length === 0 ? (
        <p className="text-sm text-muted-foreground">The text is the same in both versions.</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border font-mono text-xs">
          {diff.hunks.map((hunk) => (
            <table key={`${hunk.oldStart}-${hunk.newStart}`} className="w-full border-collapse">
              <caption className="bg-muted px-3 py-1 text-left text-muted-foreground">
                @@ −{hunk.oldStart},{hunk.oldLines} +{hunk.newStart},{hunk.newLines} @@
              </caption>
              <tbody>
                {hunk.lines.map((line, i) => (
                  <tr
                    // biome-ignore lint/suspicious/noArrayIndexKey: lines of a hunk never reorder.
                    key={i}
                    className={LINE_CLASS[line.type]}
                    data-diff={line.type}
                  >
                    <td className="w-10 select-none px-2 text-right text-muted-foreground/70">
                      {line.oldNumber ?? ""}
                    </td>
                    <td className="w-10 select-none px-2 text-right text-muted-foreground/70">
                      {line.newNumber ?? ""}
                    </td>
                    <td className="w-4 select-none text-center" aria-hidden>
                      {SIGN[line.type]}
                    </td>
                    <td className="px-2 whitespace-pre-wrap [overflow-wrap:anywhere]">
                      <span className="sr-only">
                        {line.type === "context" ? "" : `${line.type}: `}
                      </span>
                      {line.text || "\u00a0"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ))}
        </div>
      )}
    </div>
  );
}

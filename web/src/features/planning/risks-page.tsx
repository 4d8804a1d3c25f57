import { Plus, ShieldAlert } from "lucide-react";
import { useState } from "react";
import { QueryState } from "../../components/query-state.tsx";
import { Badge } from "../../components/ui/badge.tsx";
import { Button } from "../../components/ui/button.tsx";
import { Card } from "../../components/ui/card.tsx";
import { Checkbox } from "../../components/ui/checkbox.tsx";
import { Dialog } from "../../components/ui/dialog.tsx";
import { EmptyState } from "../../components/ui/empty-state.tsx";
import { Label } from "../../components/ui/label.tsx";
import { useOperation } from "../../lib/operations.ts";
import { can } from "../../lib/roles.ts";
import { useSession } from "../../lib/session.tsx";
import { cn } from "../../lib/utils.ts";
import { useProjectFilter } from "./planning-routes.tsx";
import { IMPACT, LIKELIHOOD, type Risk, RiskDialog } from "./risk-dialog.tsx";

/** Green to red by exposure, as on a classic risk matrix. */
function exposureClass(score: number): string {
  if (score >= 15) return "bg-destructive/70 text-white";
  if (score >= 8) return "bg-amber-500/60 text-amber-950 dark:bg-amber-500/80";
  if (score >= 4) return "bg-yellow-300/50";
  return "bg-emerald-500/30";
}

function Matrix({
  risks,
  cell,
  onCell,
}: {
  risks: Risk[];
  cell: [number, number] | null;
  onCell: (cell: [number, number] | null) => void;
}) {
  const count = (l: number, i: number) =>
    risks.filter((r) => r.likelihood === l && r.impact === i).length;
  return (
    <Card className="self-start p-4">
      <table className="text-xs" aria-label="Risk matrix">
        <tbody>
          {[5, 4, 3, 2, 1].map((l) => (
            <tr key={l}>
              <th scope="row" className="pr-2 text-right font-normal text-muted-foreground">
                {LIKELIHOOD[l - 1]}
              </th>
              {[1, 2, 3, 4, 5].map((i) => {
                const n = count(l, i);
                const selected = cell?.[0] === l && cell?.[1] === i;
                return (
                  <td key={i} className="p-0.5">
                    <button
                      type="button"
                      aria-label={`Likelihood ${l}, impact ${i}: ${n} risks`}
                      aria-pressed={selected}
                      className={cn(
                        "size-12 rounded text-sm font-medium",
                        exposureClass(l * i),
                        selected && "ring-2 ring-ring",
                      )}
                      onClick={() => onCell(selected ? null : [l, i])}
                    >
                      {n || ""}
                    </button>
                  </td>
                );
              })}
            </tr>
          ))}
          <tr>
            <td />
            {IMPACT.map((name) => (
              <td key={name} className="w-12 pt-1 text-center text-muted-foreground">
                {name}
              </td>
            ))}
          </tr>
        </tbody>
      </table>
      <p className="mt-2 text-xs text-muted-foreground">Likelihood ↑ · Impact →</p>
    </Card>
  );
}

/** The risk register with its likelihood × impact matrix. */
export function RisksPage() {
  const { role } = useSession();
  const [projectId] = useProjectFilter();
  const [includeClosed, setIncludeClosed] = useState(false);
  const [cell, setCell] = useState<[number, number] | null>(null);
  const [open, setOpen] = useState<Risk | "new" | null>(null);
  const risks = useOperation("risks.list", { includeClosed, ...(projectId ? { projectId } : {}) });
  const members = useOperation("members.list");
  const names = new Map((members.data ?? []).map((m) => [m.userId, m.name]));
  const canEdit = can(role, "projects:write");
  return (
    <section aria-label="Risks" className="grid gap-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <Label className="flex items-center gap-2 text-sm font-normal">
          <Checkbox checked={includeClosed} onCheckedChange={(v) => setIncludeClosed(v === true)} />
          Show closed risks
        </Label>
        {canEdit && (
          <Button onClick={() => setOpen("new")}>
            <Plus className="size-4" aria-hidden /> Add risk
          </Button>
        )}
      </div>
      <QueryState
        query={risks}
        isEmpty={(data) => data.items.length === 0}
        empty={
          <EmptyState
            icon={ShieldAlert}
            title="No risks recorded"
            description="Write down what could go wrong, who watches it and what you will do."
          />
        }
      >
        {(data) => {
          const shown = cell
            ? data.items.filter((r) => r.likelihood === cell[0] && r.impact === cell[1])
            : data.items;
          return (
            <div className="grid gap-4 lg:grid-cols-[auto_1fr]">
              <Matrix risks={data.items} cell={cell} onCell={setCell} />
              <div className="overflow-x-auto rounded-md border">
                <table className="w-full text-sm" aria-label="Risk register">
                  <thead className="bg-muted/60 text-xs text-muted-foreground">
                    <tr>
                      <th className="px-3 py-2 text-left font-medium">Risk</th>
                      <th className="px-3 py-2 text-right font-medium">Exposure</th>
                      <th className="px-3 py-2 text-left font-medium">Owner</th>
                      <th className="px-3 py-2 text-left font-medium">Status</th>
                      <th className="px-3 py-2 text-left font-medium">Mitigation</th>
                    </tr>
                  </thead>
                  <tbody>
                    {shown.map((risk) => (
                      <tr key={risk.id} className="border-t hover:bg-muted/40">
                        <td className="min-w-56 px-3 py-2">
                          <button
                            type="button"
                            className="text-left font-medium hover:underline"
                            onClick={() => setOpen(risk)}
                          >
                            {risk.title}
                          </button>
                          {risk.reviewDate && (
                            <div className="text-xs text-muted-foreground">
                              Review {risk.reviewDate}
                            </div>
                          )}
                        </td>
                        <td className="px-3 py-2 text-right">
                          <span
                            className={cn(
                              "rounded px-2 py-0.5 tabular-nums",
                              exposureClass(risk.likelihood * risk.impact),
                            )}
                          >
                            {risk.likelihood * risk.impact}
                          </span>
                        </td>
                        <td className="px-3 py-2">
                          {risk.ownerId ? names.get(risk.ownerId) : "—"}
                        </td>
                        <td className="px-3 py-2">
                          <Badge variant="outline">{risk.status}</Badge>
                        </td>
                        <td
                          className="max-w-64 truncate px-3 py-2 text-muted-foreground"
                          title={risk.mitigation}
                        >
                          {risk.mitigation || "—"}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </div>
          );
        }}
      </QueryState>
      <Dialog open={open !== null} onOpenChange={(o) => !o && setOpen(null)}>
        {open !== null && (
          <RiskDialog
            key={open === "new" ? "new" : open.id}
            risk={open === "new" ? undefined : open}
            projectId={projectId}
            onClose={() => setOpen(null)}
          />
        )}
      </Dialog>
    </section>
  );
}

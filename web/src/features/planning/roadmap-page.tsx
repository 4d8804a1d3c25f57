import { ChartGantt, Plus } from "lucide-react";
import { useState } from "react";
import { QueryState } from "../../components/query-state.tsx";
import { Button } from "../../components/ui/button.tsx";
import { Checkbox } from "../../components/ui/checkbox.tsx";
import { Dialog } from "../../components/ui/dialog.tsx";
import { EmptyState } from "../../components/ui/empty-state.tsx";
import { Label } from "../../components/ui/label.tsx";
import { useToast } from "../../components/ui/toast.tsx";
import { errorMessage } from "../../lib/api.ts";
import { useOperation, useOperationMutation } from "../../lib/operations.ts";
import { can } from "../../lib/roles.ts";
import { useSession } from "../../lib/session.tsx";
import { ItemDialog } from "./item-dialog.tsx";
import { useProjectFilter } from "./planning-routes.tsx";
import { type Item, RoadmapTimeline } from "./roadmap-timeline.tsx";

/** The roadmap: drag to reschedule, dependents follow (or are flagged when "move along" is off). */
export function RoadmapPage() {
  const { role } = useSession();
  const toast = useToast();
  const [projectId] = useProjectFilter();
  const roadmap = useOperation("roadmap.list", projectId ? { projectId } : {});
  const move = useOperationMutation("roadmap.move");
  const [cascade, setCascade] = useState(true);
  const [open, setOpen] = useState<Item | "new" | null>(null);
  const canEdit = can(role, "projects:write");

  const onMove = (item: Item, dates: { startDate: string | null; endDate: string }) =>
    move.mutate(
      { id: item.id, ...dates, cascade },
      {
        onSuccess: (result) => {
          const followers = result.moved.length - 1;
          if (result.conflicts.length > 0) {
            toast({
              variant: "error",
              title: `${result.conflicts.length} dependency ${result.conflicts.length === 1 ? "conflict" : "conflicts"}`,
              description: result.conflicts.map((c) => c.message).join("; "),
            });
          } else if (followers > 0) {
            toast({
              title: `Moved ${item.title} and ${followers} dependent ${followers === 1 ? "item" : "items"}`,
            });
          }
        },
        onError: (error) =>
          toast({ variant: "error", title: "Not moved", description: errorMessage(error) }),
      },
    );

  return (
    <section aria-label="Roadmap" className="grid gap-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <Label className="flex items-center gap-2 text-sm font-normal">
          <Checkbox checked={cascade} onCheckedChange={(v) => setCascade(v === true)} />
          Move dependents along when rescheduling
        </Label>
        {canEdit && (
          <Button onClick={() => setOpen("new")}>
            <Plus className="size-4" aria-hidden /> Add milestone or epic
          </Button>
        )}
      </div>
      <QueryState
        query={roadmap}
        isEmpty={(data) => data.items.length === 0}
        empty={
          <EmptyState
            icon={ChartGantt}
            title="Nothing on the roadmap yet"
            description="Add epics and milestones, link the tasks that make them up, and drag them to plan."
          />
        }
      >
        {(data) => (
          <RoadmapTimeline
            roadmap={data}
            canEdit={canEdit}
            onMove={onMove}
            onOpen={(item) => setOpen(item)}
          />
        )}
      </QueryState>
      <p className="text-xs text-muted-foreground">
        Drag a bar to move it, its right edge to change its end; focus one and use ← → (Shift for a
        week). Red arrows are dependencies the dates break.
      </p>
      <Dialog open={open !== null} onOpenChange={(o) => !o && setOpen(null)}>
        {open !== null && roadmap.data && (
          <ItemDialog
            key={open === "new" ? "new" : open.id}
            item={
              open === "new"
                ? undefined
                : (roadmap.data.items.find((i) => i.id === open.id) ?? open)
            }
            roadmap={roadmap.data}
            projectId={projectId}
            onClose={() => setOpen(null)}
          />
        )}
      </Dialog>
    </section>
  );
}

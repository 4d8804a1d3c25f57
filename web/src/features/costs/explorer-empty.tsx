import { CalendarSearch, FileUp, FilterX } from "lucide-react";
import { Link } from "react-router";
import { Button } from "../../components/ui/button.tsx";
import { Card } from "../../components/ui/card.tsx";
import { EmptyState } from "../../components/ui/empty-state.tsx";
import { addDays, describeRange, type Range } from "./period.ts";

/** The workspace holds no cost data at all yet. */
export function NoCostData({ canImport }: { canImport: boolean }) {
  return (
    <Card>
      <EmptyState
        icon={FileUp}
        title="No cost data yet"
        description={
          canImport
            ? "Import a billing export — FOCUS, AWS CUR, Azure cost details, GCP billing export, OCI or DigitalOcean — and the explorer breaks it down by provider, service, account, region and tag."
            : "Nobody has imported billing files into this workspace yet. Owners, admins and members can import them."
        }
        action={
          <Button asChild>
            <Link to="/costs/imports">
              <FileUp aria-hidden /> {canImport ? "Import billing files" : "Go to Imports"}
            </Link>
          </Button>
        }
      />
    </Card>
  );
}

interface NoCostInViewProps {
  hasFilters: boolean;
  range: Range;
  locale: string;
  /** The first and last day with cost anywhere in the workspace. */
  firstDay: string;
  lastDay: string;
  onClearFilters: () => void;
  onShowRange: (range: Range) => void;
}

/** Cost data exists, but none in this period or matching these filters. */
export function NoCostInView(props: NoCostInViewProps) {
  const dataRange = { from: props.firstDay, to: addDays(props.lastDay, 1) };
  const where = describeRange(dataRange, props.locale);
  if (props.hasFilters) {
    return (
      <Card>
        <EmptyState
          icon={FilterX}
          title="No costs match these filters"
          description={`Nothing in ${describeRange(props.range, props.locale)} has every value you filtered on.`}
          action={
            <Button variant="outline" onClick={props.onClearFilters}>
              Clear filters
            </Button>
          }
        />
      </Card>
    );
  }
  return (
    <Card>
      <EmptyState
        icon={CalendarSearch}
        title="No costs in this period"
        description={`The imported billing data covers ${where}.`}
        action={
          <Button variant="outline" onClick={() => props.onShowRange(dataRange)}>
            Show {where}
          </Button>
        }
      />
    </Card>
  );
}

import { CalendarClock } from "lucide-react";
import { QueryState } from "../../../components/query-state.tsx";
import { Badge } from "../../../components/ui/badge.tsx";
import { Card, CardDescription, CardHeader, CardTitle } from "../../../components/ui/card.tsx";
import { EmptyState } from "../../../components/ui/empty-state.tsx";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "../../../components/ui/table.tsx";
import { useFormat } from "../../../lib/session.tsx";
import { useSchedules } from "./jobs-queries.ts";

export function SchedulesCard() {
  const format = useFormat();
  const schedules = useSchedules();
  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>Schedules</CardTitle>
          <CardDescription>Recurring jobs, with cron expressions.</CardDescription>
        </div>
      </CardHeader>
      <QueryState
        query={schedules}
        empty={
          <EmptyState
            icon={CalendarClock}
            title="No schedules"
            description="Modules add schedules when they need recurring work, such as nightly cost imports."
          />
        }
      >
        {(rows) => (
          <Table aria-label="Schedules">
            <TableHeader>
              <TableRow>
                <TableHead>Schedule</TableHead>
                <TableHead>Cron</TableHead>
                <TableHead>State</TableHead>
                <TableHead>Next run</TableHead>
                <TableHead>Last run</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {rows.map((s) => (
                <TableRow key={s.id}>
                  <TableCell>
                    <div className="font-medium">
                      {s.key}
                      {s.isInstanceWide && (
                        <Badge variant="outline" className="ml-2">
                          Instance
                        </Badge>
                      )}
                    </div>
                    <div className="font-mono text-xs text-muted-foreground">{s.jobName}</div>
                  </TableCell>
                  <TableCell>
                    {/* Five fields read as one expression only on one line. */}
                    <code className="text-xs whitespace-nowrap">{s.cron}</code>
                    <div className="text-xs text-muted-foreground">{s.timezone}</div>
                  </TableCell>
                  <TableCell>
                    {s.enabled ? (
                      <Badge variant="success">Enabled</Badge>
                    ) : (
                      <Badge variant="secondary">Paused</Badge>
                    )}
                  </TableCell>
                  <TableCell className="whitespace-nowrap text-muted-foreground">
                    {format.dateTime(s.nextRunAt)}
                  </TableCell>
                  <TableCell className="whitespace-nowrap text-muted-foreground">
                    {format.dateTime(s.lastRunAt)}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </QueryState>
    </Card>
  );
}

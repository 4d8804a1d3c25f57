import { useMutation, useQueryClient } from "@tanstack/react-query";
import { FlaskConical } from "lucide-react";
import { Alert } from "../../../components/ui/alert.tsx";
import { Button } from "../../../components/ui/button.tsx";
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from "../../../components/ui/card.tsx";
import { useToast } from "../../../components/ui/toast.tsx";
import { call, errorMessage } from "../../../lib/api.ts";
import { keys } from "../../../lib/query.ts";
import { useSession } from "../../../lib/session.tsx";

export function DemoWorkspaceCard() {
  const { selectWorkspace } = useSession();
  const queryClient = useQueryClient();
  const toast = useToast();
  const demo = useMutation({
    mutationFn: () => call("demo.create", {}),
    onSuccess: async (created) => {
      await queryClient.invalidateQueries({ queryKey: keys.session });
      selectWorkspace(created.id);
      toast({
        title: `Demo workspace “${created.name}” created`,
        description: "You are now in it.",
      });
    },
  });
  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>Demo workspace</CardTitle>
          <CardDescription>
            A separate workspace filled with sample data, to explore Glass Pane without touching
            real accounts.
          </CardDescription>
        </div>
        <Button variant="outline" loading={demo.isPending} onClick={() => demo.mutate()}>
          <FlaskConical aria-hidden /> Create demo workspace
        </Button>
      </CardHeader>
      {demo.isError && (
        <CardContent>
          <Alert variant="destructive">{errorMessage(demo.error)}</Alert>
        </CardContent>
      )}
    </Card>
  );
}

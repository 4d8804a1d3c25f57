import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useNavigate } from "react-router";
import { Alert } from "../../../components/ui/alert.tsx";
import { Button } from "../../../components/ui/button.tsx";
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from "../../../components/ui/card.tsx";
import { Input } from "../../../components/ui/input.tsx";
import { Label } from "../../../components/ui/label.tsx";
import { call, errorMessage } from "../../../lib/api.ts";
import { keys } from "../../../lib/query.ts";
import { useWorkspace } from "../../../lib/session.tsx";

/** Owner only: deleting needs the workspace's exact name typed, as the server also checks. */
export function DeleteWorkspaceCard() {
  const workspace = useWorkspace();
  const [typed, setTyped] = useState("");
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const remove = useMutation({
    mutationFn: (confirmName: string) => call("workspaces.delete", { confirmName }),
    onSuccess: async () => {
      localStorage.removeItem("glasspane.workspace");
      queryClient.removeQueries({ queryKey: keys.workspace(workspace.id) });
      await queryClient.invalidateQueries({ queryKey: keys.session });
      navigate("/");
    },
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    remove.mutate(typed);
  };
  return (
    <Card className="border-destructive/40">
      <CardHeader>
        <div>
          <CardTitle>Delete workspace</CardTitle>
          <CardDescription>
            Deletes {workspace.name} and everything in it for every member. This cannot be undone.
          </CardDescription>
        </div>
      </CardHeader>
      <CardContent>
        <form className="grid max-w-xl gap-3" onSubmit={onSubmit} aria-label="Delete workspace">
          {remove.isError && <Alert variant="destructive">{errorMessage(remove.error)}</Alert>}
          <Label htmlFor="delete-confirm">
            Type <strong>{workspace.name}</strong> to confirm
          </Label>
          <div className="flex flex-wrap gap-2">
            <Input
              id="delete-confirm"
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              className="max-w-xs"
              autoComplete="off"
            />
            <Button
              type="submit"
              variant="destructive"
              disabled={typed !== workspace.name}
              loading={remove.isPending}
            >
              Delete workspace
            </Button>
          </div>
        </form>
      </CardContent>
    </Card>
  );
}

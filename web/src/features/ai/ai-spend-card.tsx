import { Bot } from "lucide-react";
import { Link } from "react-router";
import { Card } from "../../components/ui/card.tsx";
import { useOperation } from "../../lib/operations.ts";
import { can } from "../../lib/roles.ts";
import { useSession } from "../../lib/session.tsx";
import { formatAiMoney } from "./chat-page.tsx";

/** AI spend of the month beside cloud costs: a line in the cost explorer, once AI is set up. */
export function AiSpendCard() {
  const { role } = useSession();
  const mayChat = can(role, "ai:chat");
  const settings = useOperation("ai.settings.get", {}, { enabled: mayChat });
  const usage = useOperation(
    "ai.usage",
    {},
    { enabled: mayChat && Boolean(settings.data?.configured) },
  );
  if (!usage.data) return null;
  const { workspace, embeddings, currency, budget, month } = usage.data;
  const modelCalls = workspace.calls - embeddings.calls;
  return (
    <Card className="flex flex-wrap items-center gap-2 px-5 py-3 text-sm" data-testid="ai-spend">
      <Bot aria-hidden className="size-4 text-muted-foreground" />
      <span>
        AI spend in {month}: <strong>{formatAiMoney(workspace.cost, currency)}</strong>
        {budget && ` of a ${formatAiMoney(budget, currency)} monthly budget`} ({modelCalls} model
        calls
        {embeddings.calls > 0 &&
          `; embeddings: ${formatAiMoney(embeddings.cost, currency)} for ${embeddings.calls} calls`}
        ), not part of the cloud costs above.
      </span>
      <Link to="/ai" className="ml-auto text-muted-foreground underline-offset-4 hover:underline">
        AI workbench
      </Link>
    </Card>
  );
}

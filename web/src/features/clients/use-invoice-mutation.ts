import { useQueryClient } from "@tanstack/react-query";
import type { OperationName } from "../../lib/api.ts";
import { useOperationMutation } from "../../lib/operations.ts";
import { keys } from "../../lib/query.ts";
import { useSession } from "../../lib/session.tsx";

type DetailOperation =
  | "invoices.lines.add"
  | "invoices.lines.update"
  | "invoices.lines.remove"
  | "invoices.issue"
  | "invoices.markSent"
  | "invoices.void";

/**
 * A change to one invoice whose answer is the whole invoice: the page shows the server's
 * re-priced lines and totals from that answer at once, before the refetch lands.
 */
export function useInvoiceMutation<N extends DetailOperation & OperationName>(
  name: N,
  invoiceId: string,
) {
  const queryClient = useQueryClient();
  const { workspace } = useSession();
  return useOperationMutation(name, {
    onSuccess: (detail) => {
      if (workspace)
        queryClient.setQueryData(keys.op(workspace.id, "invoices.get", { id: invoiceId }), detail);
    },
  });
}

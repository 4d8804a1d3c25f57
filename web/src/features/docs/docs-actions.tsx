import { createContext, useContext } from "react";

/** Dialogs the docs layout owns, opened from the tree, a page or the home page. */
export interface DocsActions {
  /** Opens the new-page dialog, under `parentId` when given. */
  newPage(parentId?: string | null): void;
  /** Opens the "move to" dialog for a page. */
  movePage(id: string): void;
  /** Asks, then deletes a page with its sub-pages. */
  deletePage(id: string): void;
}

export const DocsActionsContext = createContext<DocsActions | null>(null);

export function useDocsActions(): DocsActions {
  const actions = useContext(DocsActionsContext);
  if (!actions) throw new Error("useDocsActions must be used under the docs layout");
  return actions;
}

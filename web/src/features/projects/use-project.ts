import { useCallback } from "react";
import { useOutletContext } from "react-router";
import { useLatestSearchParams } from "../../lib/use-latest-search-params.ts";
import type { ProjectLayoutContext } from "./project-layout.tsx";

/** The project of the page, with its columns, counts and labels (from the layout). */
export function useProject() {
  return useOutletContext<ProjectLayoutContext>().project;
}

/** Opens a task's dialog over the current tab (it lives in the URL, so it can be shared). */
export function useOpenTask() {
  const [, setParams] = useLatestSearchParams();
  return useCallback(
    (id: string) =>
      setParams((p) => {
        p.set("task", id);
        return p;
      }),
    [setParams],
  );
}

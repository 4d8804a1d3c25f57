import { useCallback } from "react";
import { useOutletContext, useSearchParams } from "react-router";
import type { ProjectLayoutContext } from "./project-layout.tsx";

/** The project of the page, with its columns, counts and labels (from the layout). */
export function useProject() {
  return useOutletContext<ProjectLayoutContext>().project;
}

/** Opens a task's dialog over the current tab (it lives in the URL, so it can be shared). */
export function useOpenTask() {
  const [, setParams] = useSearchParams();
  return useCallback(
    (id: string) =>
      setParams((p) => {
        p.set("task", id);
        return p;
      }),
    [setParams],
  );
}

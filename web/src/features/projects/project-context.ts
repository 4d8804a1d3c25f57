import { useOutletContext } from "react-router";

/** A board column as every project page sees it. */
export interface ProjectColumn {
  id: string;
  name: string;
  category: "backlog" | "todo" | "in_progress" | "done";
  position: number;
  wipLimit: number | null;
}

/** What the project layout (/projects/:key) hands to its tabs through the router outlet. */
export interface ProjectContext {
  project: {
    id: string;
    key: string;
    name: string;
    estimateUnit: "points" | "hours";
    columns: ProjectColumn[];
  };
}

export function useProjectContext(): ProjectContext {
  return useOutletContext<ProjectContext>();
}

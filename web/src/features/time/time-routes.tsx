import type { RouteObject } from "react-router";

// Filled in by the projects work in progress.
export const timeRoutes: RouteObject[] = [];

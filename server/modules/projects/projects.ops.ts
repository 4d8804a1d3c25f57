// Filled in by the projects work in progress.
export const projectOperations = [] as const;

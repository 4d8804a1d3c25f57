// Filled in by the projects work in progress.
export const taskOperations = [] as const;

// Filled in by the projects work in progress.
export const docOperations = [] as const;

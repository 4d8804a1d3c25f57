// Filled in by the projects work in progress.
export const timeOperations = [] as const;

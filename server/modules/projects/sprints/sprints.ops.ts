// Filled in by the projects work in progress.
export const sprintOperations = [] as const;

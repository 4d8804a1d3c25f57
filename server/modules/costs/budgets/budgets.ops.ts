/** The budgets operations (being written). */
export const budgetOperations = [] as const;

/** The anomalies operations (being written). */
export const anomalyOperations = [] as const;

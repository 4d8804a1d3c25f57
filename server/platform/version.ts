/** The release of this build, reported by system.status, OpenAPI and the logs. */
export const VERSION = "0.1.0";

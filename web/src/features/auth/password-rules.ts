/** NIST SP 800-63B: length, no composition rules; the server also refuses common passwords. */
export const MIN_PASSWORD = 12;

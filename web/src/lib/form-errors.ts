import { ApiError, errorMessage } from "./api.ts";

/** The server's message for one input field, without its "field: " prefix. */
export function fieldError(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiError) || error.field !== field) return undefined;
  const prefix = `${field}: `;
  const message = error.message.startsWith(prefix)
    ? error.message.slice(prefix.length)
    : error.message;
  return message.charAt(0).toUpperCase() + message.slice(1);
}

/** The message to show above the form: anything not attached to one of the form's fields. */
export function formError(error: unknown, fields: readonly string[]): string | undefined {
  if (error === null || error === undefined) return undefined;
  if (error instanceof ApiError && error.field && fields.includes(error.field)) return undefined;
  return errorMessage(error);
}

/** Reads a string field of a submitted form. */
export function formText(form: HTMLFormElement, name: string): string {
  const value = new FormData(form).get(name);
  return typeof value === "string" ? value : "";
}

import type { ProgressEvent } from "../../../server/platform/operations/progress-events.ts";

/**
 * A long operation's progress as the server streams it over /api/events to its caller alone,
 * tagged with the id the caller sent.
 */
export type { ProgressEvent };

const progressEvents = new EventTarget();

/** The realtime channel hands progress events to whichever upload waits for them. */
export function emitProgressEvent(event: ProgressEvent) {
  progressEvents.dispatchEvent(new CustomEvent<ProgressEvent>(event.progressId, { detail: event }));
}

/** Calls `listener` with each progress event of the call with this id; returns the unsubscribe. */
export function onProgressOf(progressId: string, listener: (event: ProgressEvent) => void) {
  const handler = (event: Event) => listener((event as CustomEvent<ProgressEvent>).detail);
  progressEvents.addEventListener(progressId, handler);
  return () => progressEvents.removeEventListener(progressId, handler);
}

/**
 * A new progress id: 128 random bits, base64url. getRandomValues, not randomUUID: the latter
 * exists only on secure origins, and a self-hosted instance is often plain http on a LAN address.
 */
export function newProgressId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

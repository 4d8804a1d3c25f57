import type { Actor } from "../operations/define.ts";
import type { WorkspaceEvent } from "./events.ts";

/**
 * Who an event meant for one caller goes to: a person (every session and token of theirs in the
 * workspace), or the instance's own CLI (the local key, which may do anything anyway). An event
 * without either goes to every member of the workspace.
 */
export type Audience = { audienceUserId: string } | { audienceSystem: true };

/** The audience that reaches the actor alone; none for an anonymous caller. */
export function audienceOf(actor: Actor): Audience | undefined {
  if (actor.type === "user" || actor.type === "token") return { audienceUserId: actor.userId };
  if (actor.type === "system") return { audienceSystem: true };
  return undefined;
}

/** Whether a subscriber acting as `actor` may receive the event. */
export function isInAudience(event: WorkspaceEvent, actor: Actor): boolean {
  if (typeof event.audienceUserId === "string")
    return (
      (actor.type === "user" || actor.type === "token") && actor.userId === event.audienceUserId
    );
  if (event.audienceSystem === true) return actor.type === "system";
  return true;
}

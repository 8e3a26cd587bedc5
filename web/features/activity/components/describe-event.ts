import type { AuditEventResponse } from "../../../../contract/audit.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * What an event was about, in words: the target when it is a name (an email, a stream, a role),
 * and a change's "from → to". Bare ids are left out: the actor column already names the person
 * behind sign-in events, and an id means nothing to a reader.
 */
export function describeTarget(e: AuditEventResponse): string {
  const target = e.target && !UUID.test(e.target) ? e.target : "";
  const d = e.detail ?? {};
  const change = typeof d.from === "string" && typeof d.to === "string" ? `${d.from} → ${d.to}` : "";
  return [target, change].filter(Boolean).join(" · ");
}

export const actorName = (e: AuditEventResponse): string =>
  e.actor.label ?? (e.actor.type === "system" ? "orgdeck" : e.actor.type);

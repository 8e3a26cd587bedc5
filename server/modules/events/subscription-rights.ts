import { EVENT_READ_RIGHTS, rightsToSubscribe } from "../../../contract/event-rights.js";
import { isEventType } from "../../../contract/event-types.js";
import { can } from "../../access/can.js";
import type { Actor } from "../../platform/actor.js";
import { forbidden } from "../../platform/errors.js";

/**
 * 403 naming the missing permission(s) unless `by` may read the data of every event in `events`
 * (`["*"]`: all of them). An organisation id is the system acting for it: nothing to check.
 */
export function requireSubscriptionRights(by: Actor | string, events: readonly string[]): void {
  if (typeof by === "string") return;
  const missing = rightsToSubscribe(events).filter((p) => !can(by, p));
  if (missing.length === 0) return;
  const named = (events.includes("*") ? Object.keys(EVENT_READ_RIGHTS) : events).filter(
    (e) => isEventType(e) && EVENT_READ_RIGHTS[e].some((p) => missing.includes(p)),
  );
  throw forbidden(
    `Receiving ${named.join(", ")} needs the permission${missing.length > 1 ? "s" : ""} that read${missing.length > 1 ? "" : "s"} their data: ${missing.join(", ")}`,
  );
}

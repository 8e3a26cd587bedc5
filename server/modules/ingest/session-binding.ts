import path from "node:path";
import type { IngestCall } from "../../../contract/stream.js";

/**
 * Binds media-server callbacks to what they speak for. A live session belongs to one publisher: the
 * node that reported its publish (`node=` of the callback URL) and nginx's client id there (`clientid`,
 * the connection number nginx-rtmp sends with every callback and shows as `<id>` in /stat). A recording
 * belongs to the stream whose name nginx put in its file name.
 */

export interface Publisher {
  node: string | null;
  clientId: string | null;
}

function who(p: Publisher): string {
  return `client ${p.clientId ?? "?"} on ${p.node ?? "an unnamed node"}`;
}

/**
 * Why this callback does not belong to the stream's session (null when it does, or when there is no
 * session to compare with): publish_done and update_publish from another publisher, and a second
 * publish on the node that already holds the live one (nginx refuses it there anyway, and its
 * publish_done must not end the first).
 */
export function strayCall(
  call: IngestCall,
  state: string,
  session: { node: string | null; client_id: string | null } | undefined,
  caller: Publisher,
): string | null {
  if (!session) return null;
  const owner = { node: session.node, clientId: session.client_id };
  if (owner.node === caller.node && owner.clientId === caller.clientId) return null;
  if (call === "publish_done") return `publish_done from ${who(caller)}, not the session's publisher (${who(owner)})`;
  if (call === "update_publish" && state === "live")
    return `update_publish from ${who(caller)}, not the live session's publisher (${who(owner)})`;
  if (call === "publish" && state === "live" && owner.node === caller.node)
    return `already live from ${who(owner)} on this node`;
  return null;
}

/**
 * Whether `file` is a recording of the stream `name` (of the organisation `orgHash`): nginx-rtmp names
 * it `<name>.flv`, or `<name>-<unix time>.flv` with record_unique.
 */
export function isRecordingOf(stream: { name: string; org_hash: string }, file: string | undefined): boolean {
  if (!file || !stream.name.startsWith(`${stream.org_hash}-`)) return false;
  const base = path.basename(file);
  if (!base.startsWith(stream.name)) return false;
  return /^(?:-\d+)?(?:\.[A-Za-z0-9]+)?$/.test(base.slice(stream.name.length));
}

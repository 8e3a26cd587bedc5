import type { Db } from "../db/handle.js";
import type { AuditAction } from "../../contract/audit-actions.js";
import type { EventType } from "../../contract/event-types.js";
import { isLiveKind, type LiveKind } from "../../contract/live-updates.js";
import { insertLiveChanges, pruneLiveChanges } from "./live-feed.repo.js";

/**
 * The live-update change feed (table `live_changes`, contract/live-updates.ts). Changes are written
 * where they are already recorded, in the same transaction: every event a service enqueues
 * (events/outbox.service.ts) and the audited changes that have no event (below). So a change reaches
 * the feed exactly when it commits, on whichever instance made it, and no service needs to know about
 * dashboards. Viewer counts, which are neither, are written by the streams service (coalesced).
 */

/** Rows are kept this long: readers are at most seconds behind; maintenance drops the rest. */
export const LIVE_CHANGES_KEPT_MS = 10 * 60 * 1000;

/**
 * Not a change a dashboard hears of: a credential of the organisation may have ended (sign-out, token
 * reset, password change, role change, removal). Instances re-check their open streams' tokens at once.
 */
export const CREDENTIALS_CHANGED = "credentials";

/** Audited changes without an event of their own, and the kind a dashboard hears for each. */
const AUDIT_KINDS: Partial<Record<AuditAction | string, LiveKind | typeof CREDENTIALS_CHANGED>> = {
  session_logout: CREDENTIALS_CHANGED,
  authn_token_revoked: CREDENTIALS_CHANGED,
  authn_password_changed: CREDENTIALS_CHANGED,
  user_password_reset: CREDENTIALS_CHANGED,
  authz_change: CREDENTIALS_CHANGED,
  user_deleted: CREDENTIALS_CHANGED,
  stream_tags_changed: "stream.updated",
  vod_deleted: "recording.deleted",
  invite_created: "invite.created",
  invite_revoked: "invite.revoked",
  privilege_role_created: "role.created",
  privilege_permissions_changed: "role.updated",
  privilege_role_deleted: "role.deleted",
  tag_renamed: "tag.updated",
  tag_deleted: "tag.deleted",
  org_updated: "organisation.updated",
  org_renamed: "organisation.updated",
  vod_visibility_changed: "organisation.updated",
  webhook_changed: "organisation.updated",
};

/** The id each event's data names (the stream, the recording, the member). */
function subjectOf(data: Record<string, unknown>): string | null {
  const id = data.streamId ?? data.recordingId ?? data.userId;
  return typeof id === "string" ? id : null;
}

/** From enqueueEvent, in the change's transaction: stream, recording and member events. */
export async function recordEventChange(
  q: Db,
  e: { orgId: string; type: EventType; data: Record<string, unknown> },
  at: number,
): Promise<void> {
  if (!isLiveKind(e.type)) return;
  // A recording's id is its subject; the stream it belongs to is not named (recording events carry both).
  const subject = e.type.startsWith("recording.") ? (e.data.recordingId as string | undefined) : subjectOf(e.data);
  await insertLiveChanges(q, [{ org_id: e.orgId, kind: e.type, subject_id: subject ?? null, at }]);
}

/** From writeAudit, in the change's transaction: successful changes of the kinds above (no subject). */
export async function recordAuditChange(
  q: Db,
  e: { orgId: string | null; action: string; outcome?: "success" | "failure" },
  at: number,
): Promise<void> {
  const kind = AUDIT_KINDS[e.action];
  if (!kind || e.orgId === null || e.outcome === "failure") return;
  await insertLiveChanges(q, [{ org_id: e.orgId, kind, subject_id: null, at }]);
}

/** Changes noticed outside a transaction (viewer counts), written in one batch. */
export function recordChanges(
  q: Db,
  rows: ReadonlyArray<{ orgId: string; kind: LiveKind; subjectId: string | null }>,
  at: number,
): Promise<void> {
  return insertLiveChanges(
    q,
    rows.map((r) => ({ org_id: r.orgId, kind: r.kind, subject_id: r.subjectId, at })),
  );
}

/** Maintenance: drops rows no reader needs any more. */
export function sweepLiveChanges(q: Db, now: number): Promise<void> {
  return pruneLiveChanges(q, now - LIVE_CHANGES_KEPT_MS);
}

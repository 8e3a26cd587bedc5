/**
 * Every action the audit log records, with the words the dashboard shows for it. Plain data (no zod):
 * the server's writes are typed against it and the Activity filter offers each one.
 */
export const AUDIT_ACTIONS = {
  authn_login_success: "Signed in",
  authn_login_fail: "Sign-in failed",
  authn_login_fail_max: "Sign-in blocked after repeated failures",
  session_logout: "Signed out",
  authn_password_changed: "Password changed",
  authn_password_change_fail: "Password change refused",
  authn_token_revoked: "Token reset",
  user_password_reset_link_created: "Password reset link issued",
  user_password_reset: "Password reset with a link",
  user_password_reset_link_revoked: "Password reset link revoked",
  password_reset_refused: "Password reset link refused (issuer may no longer reset)",
  authz_change: "Role changed",
  user_created: "User joined",
  user_deleted: "User deleted",
  invite_created: "Invitation created",
  invite_revoked: "Invitation revoked",
  invite_accepted: "Invitation accepted",
  privilege_role_created: "Role created",
  privilege_permissions_changed: "Role changed (permissions)",
  privilege_role_deleted: "Role deleted",
  apikey_revealed: "API key revealed",
  apikey_rotated: "API key rotated",
  webhook_changed: "Webhook changed",
  webhook_secret_revealed: "Webhook signing secret revealed",
  webhook_secret_rotated: "Webhook signing secret rotated",
  vod_visibility_changed: "VOD visibility changed",
  setup_completed: "Setup completed",
  org_created: "Organisation created",
  org_updated: "Organisation updated",
  org_renamed: "Organisation renamed",
  stream_created: "Stream created",
  stream_deleted: "Stream deleted",
  stream_tags_changed: "Stream tags changed",
  stream_stop: "Stream stopped",
  stream_lock: "Stream locked",
  stream_unlock: "Stream unlocked",
  stream_control_unreached: "Media server not reached",
  tag_renamed: "Tag renamed",
  tag_deleted: "Tag deleted",
  vod_recorded: "Recording ready",
  vod_record_failed: "Recording failed",
  vod_deleted: "Recording deleted",
  event_endpoint_created: "Event endpoint created",
  event_endpoint_updated: "Event endpoint changed",
  event_endpoint_deleted: "Event endpoint deleted",
  event_endpoint_secret_revealed: "Event endpoint secret revealed",
  event_endpoint_secret_rotated: "Event endpoint secret rotated",
  event_endpoint_disabled: "Event endpoint disabled",
  playback_key_created: "Playback signing key created",
  playback_key_deleted: "Playback signing key deleted",
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

/** The label of an action; an action from a newer server shows as its code. */
export function auditActionLabel(action: string): string {
  return (AUDIT_ACTIONS as Record<string, string>)[action] ?? action;
}

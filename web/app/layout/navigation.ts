import type { Permission } from "../../../contract/permissions.js";

/** The account entries, shared by the desktop profile menu and the phone menu. */
export interface AccountEntry {
  label: string;
  to: string;
  permission?: Permission;
}

export const ACCOUNT_ENTRIES: AccountEntry[] = [
  { label: "My Organisation", to: "/organisation/overview" },
  { label: "My Account", to: "/account" },
  { label: "Invite new user", to: "/organisation/users?invite=1", permission: "InviteToken.Create" },
];

/** The main sections, in the app bar on desktop and in the phone menu. */
export const MAIN_ENTRIES: AccountEntry[] = [
  { label: "Organisation", to: "/organisation/overview" },
  { label: "Streams", to: "/streams", permission: "Stream.GetStreams" },
  { label: "Analytics", to: "/analytics", permission: "Analytics.Get" },
];

import type { Permission } from "../../../contract/permissions.js";

/** The account entries, shared by the desktop profile menu and the phone menu. */
export interface AccountEntry {
  label: string;
  to: string;
  permission?: Permission;
}

export const ACCOUNT_ENTRIES: AccountEntry[] = [{ label: "My Organisation", to: "/organisation/overview" }];

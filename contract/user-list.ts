/** The member list's sorts and search limit, without zod, for the dashboard (contract/user.ts uses them). */

/** What the member list sorts by: email, role, last active, or joined (the default, oldest first). */
export const USER_SORTS = ["email", "role", "lastActive", "joined"] as const;
export type UserSort = (typeof USER_SORTS)[number];
/** Each sort's direction when `dir` is not given (most recently active first for lastActive). */
export const USER_SORT_DEFAULT_DIR: Record<UserSort, "asc" | "desc"> = {
  email: "asc",
  role: "asc",
  lastActive: "desc",
  joined: "asc",
};
export const USER_SEARCH_MAX = 254;

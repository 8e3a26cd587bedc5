import type { UserResponse } from "../../../contract/user.js";
import { toIso } from "../../platform/clock.js";
import type { UserRow } from "./users.repo.js";

/** The only shape of a user the client ever sees: never the password hash. */
export function presentUser(u: Pick<UserRow, "id" | "email" | "role" | "token_key" | "created_at">): UserResponse {
  return { id: u.id, email: u.email, role: u.role, tokenKey: u.token_key, createdAt: toIso(u.created_at) };
}

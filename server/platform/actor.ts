import type { Permission } from "../../contract/permissions.js";

/** Who is calling, resolved from the request's credential. Roles are re-read on every request. */
export type Actor =
  | {
      kind: "user";
      orgId: string;
      userId: string;
      email: string;
      role: string;
      permissions: ReadonlySet<Permission>;
      tokenDigest: string;
      tokenExpiresAt: number;
      ip: string;
      requestId: string;
    }
  | { kind: "apiKey"; orgId: string; permissions: ReadonlySet<Permission>; ip: string; requestId: string }
  | { kind: "playerKey"; orgId: string; permissions: ReadonlySet<Permission>; ip: string; requestId: string };

export type ActorKind = Actor["kind"];

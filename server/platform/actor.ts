import type { Permission } from "../../contract/permissions.js";
import type { OrganisationRecord } from "../db/schema.js";

/** The caller's organisation row, read in the same query that resolved the credential. */
export type OrgSnapshot = OrganisationRecord;

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
      org?: OrgSnapshot;
    }
  | {
      kind: "apiKey";
      orgId: string;
      permissions: ReadonlySet<Permission>;
      ip: string;
      requestId: string;
      org?: OrgSnapshot;
    }
  | {
      kind: "playerKey";
      orgId: string;
      permissions: ReadonlySet<Permission>;
      ip: string;
      requestId: string;
      org?: OrgSnapshot;
    };

export type ActorKind = Actor["kind"];

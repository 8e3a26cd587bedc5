import os from "node:os";
import path from "node:path";

/** The logins `orgdeck demo` creates (see server/cli/demo.ts). */
export const DEMO = {
  orgName: "John Doe Inc.",
  admin: { email: "admin@demo.orgdeck.test", password: "demo-admin-passphrase" },
  user: { email: "user@demo.orgdeck.test", password: "demo-user-passphrase" },
  readOnly: { email: "readonly@demo.orgdeck.test", password: "demo-readonly-passphrase" },
  tagCount: 40,
} as const;

/** What e2e/support/server.ts configures. */
export const E2E_INGEST_SECRET = "e2e-ingest-secret";

/** The e2e server's data folder (the tests drop recordings into its rec/ folder). */
export function e2eDir(): string {
  return path.join(os.tmpdir(), `orgdeck-e2e-${process.env.E2E_PORT ?? "3210"}`);
}

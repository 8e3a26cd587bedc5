/** The logins `orgdeck demo` creates (see server/cli/demo.ts). */
export const DEMO = {
  orgName: "John Doe Inc.",
  admin: { email: "admin@demo.orgdeck.test", password: "demo-admin-passphrase" },
  user: { email: "user@demo.orgdeck.test", password: "demo-user-passphrase" },
  readOnly: { email: "readonly@demo.orgdeck.test", password: "demo-readonly-passphrase" },
  tagCount: 40,
} as const;

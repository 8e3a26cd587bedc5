import { randomBytes } from "node:crypto";
import type { TestServer } from "./harness.js";

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}${randomBytes(2).toString("hex")}`;
export const PASSWORD = "correct horse battery staple";

export interface TestMember {
  id: string;
  email: string;
  password: string;
  role: string;
  token: string;
  headers: { "x-bintu-token": string };
}

export interface TestOrg {
  id: string;
  hash: string;
  name: string;
  apiKey: string;
  playerKey: string;
  admin: TestMember;
}

export async function login(s: Pick<TestServer, "request">, email: string, password = PASSWORD): Promise<string> {
  const res = await s.request({ method: "POST", url: "/api/user/validate", payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`login failed for ${email}: ${res.statusCode} ${res.body}`);
  return res.json<{ token: string }>().token;
}

/** An organisation with its admin logged in. */
export async function buildOrg(
  s: TestServer,
  opts: {
    name?: string;
    packages?: string[];
    supportLevel?: "basic" | "standard" | "premium" | "enterprise";
    analyticsLevel?: "basic" | "full" | "premium";
    trial?: boolean;
  } = {},
): Promise<TestOrg> {
  const email = `admin-${unique()}@example.com`;
  const created = await s.services.organisations.createOrganisation({
    name: opts.name ?? `Org ${unique()}`,
    packages: opts.packages ?? ["liveProcessing", "h5live", "vod"],
    supportLevel: opts.supportLevel ?? "basic",
    analyticsLevel: opts.analyticsLevel ?? "premium",
    trial: opts.trial ?? false,
    admin: { email, password: PASSWORD },
  });
  const token = await login(s, email);
  const o = created.organisation;
  return {
    id: o.id,
    hash: o.hash,
    name: o.name,
    apiKey: o.apiKey,
    playerKey: o.playerKey,
    admin: {
      id: created.admin.id,
      email,
      password: PASSWORD,
      role: "nanoAdmin",
      token,
      headers: { "x-bintu-token": token },
    },
  };
}

/** A member of `org` with `role`, logged in unless `login: false`. */
export async function buildUser(
  s: TestServer,
  org: { id: string },
  role: string,
  opts: { login?: boolean } = {},
): Promise<TestMember> {
  const email = `${role.toLowerCase()}-${unique()}@example.com`;
  const user = await s.services.users.createUser(
    { orgId: org.id, email, password: PASSWORD, role },
    { actor: { kind: "system", label: "test" } },
  );
  const token = opts.login === false ? "" : await login(s, email);
  return { id: user.id, email, password: PASSWORD, role, token, headers: { "x-bintu-token": token } };
}

export async function buildStreams(
  s: TestServer,
  org: { id: string; hash: string },
  tagSets: string[][],
): Promise<void> {
  for (const tags of tagSets) await s.services.streams.createStreamForOrg(org, { tags });
}

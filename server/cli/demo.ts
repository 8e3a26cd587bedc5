import type { Services } from "../app.js";

export const DEMO_HASH = "demo0";
const DEMO_TAGS = [
  "sigma rome",
  "demuxed",
  "Telycam",
  "tag",
  "bloomberg",
  "SBC2025",
  "3. Transcode",
  "LiveReplay",
  "IBC2025",
  "speaker",
  "tag22",
  "FraunhoferMWS",
  "livestream",
  "MoQ",
  "Sigma Asia 2025",
  "Day2",
  "gitex",
  "ide",
  "plutotv",
  "tag1",
  "jvc",
  "liveprocessing",
  "test live processing",
  "osprey",
  "srt",
  "tag3",
  "tag2",
  "video-tutorial",
  "test osprey",
  "sbc",
  "lisbon",
  "2024",
  "insta",
  "360",
  "ibc-2024-replay",
  "region:eu",
  "region:us",
  "event:keynote",
  "customer:acme",
  "stage:main",
];
const STREAM_COUNT = 60;
const STATES = ["created", "live", "ended", "ended", "created", "locked"];

/**
 * A demo organisation: some packages enabled and some not, ~60 streams carrying ~40 tags, and one
 * user per built-in role. The passwords are fixed so a second run can still print them; never use
 * the demo organisation for anything real.
 */
export async function runDemo(services: Services, domain: string) {
  const logins = [
    { role: "nanoAdmin", email: `admin@${domain}`, password: "demo-admin-passphrase" },
    { role: "nanoUser", email: `user@${domain}`, password: "demo-user-passphrase" },
    { role: "nanoReadOnly", email: `readonly@${domain}`, password: "demo-readonly-passphrase" },
  ] as const;
  const existing = await services.organisations.findByHash(DEMO_HASH);
  if (existing) return { created: false, organisation: existing, logins };

  const [admin, ...others] = logins;
  const created = await services.organisations.createOrganisation({
    name: "John Doe Inc.",
    hash: DEMO_HASH,
    supportLevel: "basic",
    analyticsLevel: "premium",
    packages: ["liveProcessing", "h5live", "webcaster", "transcoding", "vod", "metadata"],
    trial: false,
    admin: { email: admin.email, password: admin.password },
  });
  const org = created.organisation;
  for (const u of others) {
    await services.users.createUser(
      { orgId: org.id, email: u.email, password: u.password, role: u.role },
      { actor: { kind: "system", label: "demo" } },
    );
  }
  for (let i = 0; i < STREAM_COUNT; i++) {
    // Every tag is used at least once; later streams pick two or three tags spread over the list.
    const tags =
      i < DEMO_TAGS.length
        ? [DEMO_TAGS[i]!]
        : [DEMO_TAGS[(i * 7) % DEMO_TAGS.length]!, DEMO_TAGS[(i * 11 + 3) % DEMO_TAGS.length]!];
    if (i % 5 === 0) tags.push("livestream");
    await services.streams.createStreamForOrg(
      { id: org.id, hash: org.hash },
      { tags, state: STATES[i % STATES.length]! },
    );
  }
  return {
    created: true,
    organisation: { ...org, apiKey: undefined, playerKey: undefined },
    streams: STREAM_COUNT,
    tags: DEMO_TAGS.length,
    logins,
  };
}

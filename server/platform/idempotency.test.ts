import { expect, it } from "vitest";
import { buildOrg, buildUser } from "../test/factories.js";
import { runMaintenance } from "../maintenance.js";
import { describeEachDatabase, type TestServer } from "../test/harness.js";

const countStreams = async (s: TestServer, orgId: string) =>
  (await s.database.db.selectFrom("streams").select("id").where("org_id", "=", orgId).execute()).length;

describeEachDatabase("Idempotency-Key on creating POSTs", (server) => {
  it("answers a retry with the first answer and creates one stream", async () => {
    const s = server();
    const org = await buildOrg(s);
    const headers = { ...org.admin.headers, "idempotency-key": "create-stream-1" };
    const first = await s.request({ method: "POST", url: "/api/stream", headers, payload: { tags: ["idem"] } });
    const again = await s.request({ method: "POST", url: "/api/stream", headers, payload: { tags: ["idem"] } });
    expect(first.statusCode).toBe(201);
    expect(first.headers["idempotent-replayed"]).toBeUndefined();
    expect(again.statusCode).toBe(201);
    expect(again.headers["idempotent-replayed"]).toBe("true");
    expect(again.headers["content-type"]).toMatch(/^application\/json/);
    expect(again.body).toBe(first.body);
    expect(await countStreams(s, org.id)).toBe(1);
    // Without a key, every POST creates.
    await s.request({ method: "POST", url: "/api/stream", headers: org.admin.headers, payload: { tags: ["idem"] } });
    expect(await countStreams(s, org.id)).toBe(2);
  });

  it("refuses the same key with another body (422) and a malformed key (400), creating nothing", async () => {
    const s = server();
    const org = await buildOrg(s);
    const headers = { ...org.admin.headers, "idempotency-key": "k-2" };
    await s.request({ method: "POST", url: "/api/stream", headers, payload: { tags: ["one"] } });
    const other = await s.request({ method: "POST", url: "/api/stream", headers, payload: { tags: ["two"] } });
    expect(other.statusCode).toBe(422);
    expect(other.json().error.code).toBe("idempotency_key_reused");
    const bad = await s.request({
      method: "POST",
      url: "/api/stream",
      headers: { ...org.admin.headers, "idempotency-key": "has space" },
      payload: {},
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/Idempotency-Key/);
    expect(await countStreams(s, org.id)).toBe(1);
  });

  it("lets exactly one of 10 concurrent duplicates run; the others replay it or are told to retry", async () => {
    const s = server();
    const org = await buildOrg(s);
    const headers = { ...org.admin.headers, "idempotency-key": "burst" };
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        s.request({ method: "POST", url: "/api/stream", headers, payload: { tags: ["burst"] } }),
      ),
    );
    const fresh = answers.filter((a) => a.statusCode === 201 && !a.headers["idempotent-replayed"]);
    expect(fresh).toHaveLength(1);
    for (const a of answers) {
      if (a === fresh[0]) continue;
      if (a.statusCode === 409) expect(a.json().error.code).toBe("idempotency_in_progress");
      else expect(a.body).toBe(fresh[0]!.body);
    }
    expect(await countStreams(s, org.id)).toBe(1);
  });

  it("scopes keys to the caller, and forgets them after 24 hours", async () => {
    const s = server();
    const org = await buildOrg(s);
    const member = await buildUser(s, org, "nanoUser");
    const key = { "idempotency-key": "shared-key" };
    const a = await s.request({
      method: "POST",
      url: "/api/stream",
      headers: { ...org.admin.headers, ...key },
      payload: {},
    });
    const b = await s.request({
      method: "POST",
      url: "/api/stream",
      headers: { ...member.headers, ...key },
      payload: {},
    });
    const c = await s.request({
      method: "POST",
      url: "/api/stream",
      headers: { "x-bintu-apikey": org.apiKey, ...key },
      payload: {},
    });
    expect(new Set([a.json().id, b.json().id, c.json().id]).size).toBe(3);
    s.clock.advance(24 * 3600 * 1000 + 1000);
    // The API key does not expire like a session does.
    const later = await s.request({
      method: "POST",
      url: "/api/stream",
      headers: { "x-bintu-apikey": org.apiKey, ...key },
      payload: {},
    });
    expect(later.statusCode).toBe(201);
    expect(later.headers["idempotent-replayed"]).toBeUndefined();
    expect(later.json().id).not.toBe(c.json().id);
  });

  it("replays an invitation link and a rotated API key without making a second one, and keeps them encrypted", async () => {
    const s = server();
    const org = await buildOrg(s);
    const inviteHeaders = { ...org.admin.headers, "idempotency-key": "invite-1" };
    const invite = await s.request({
      method: "POST",
      url: "/api/invite",
      headers: inviteHeaders,
      payload: { role: "nanoUser" },
    });
    const inviteAgain = await s.request({
      method: "POST",
      url: "/api/invite",
      headers: inviteHeaders,
      payload: { role: "nanoUser" },
    });
    expect(inviteAgain.json().url).toBe(invite.json().url);
    expect(
      (await s.request({ method: "GET", url: "/api/invite", headers: org.admin.headers })).json().invites,
    ).toHaveLength(1);

    const rotateHeaders = { ...org.admin.headers, "idempotency-key": "rotate-1" };
    const rotated = (
      await s.request({ method: "POST", url: "/api/organisation/apikey/rotate", headers: rotateHeaders })
    ).json().apiKey;
    const replayed = await s.request({
      method: "POST",
      url: "/api/organisation/apikey/rotate",
      headers: rotateHeaders,
    });
    expect(replayed.json().apiKey).toBe(rotated);
    expect(replayed.headers["cache-control"]).toBe("no-store");
    expect(
      (await s.request({ method: "GET", url: "/api/organisation", headers: { "x-bintu-apikey": rotated } })).statusCode,
    ).toBe(200);

    const stored = JSON.stringify(await s.database.db.selectFrom("idempotency_keys").selectAll().execute());
    expect(stored).not.toContain(rotated);
    expect(stored).not.toContain(String(invite.json().url).split("/").pop());
  });
});

describeEachDatabase("maintenance", (server) => {
  it("sweeps expired tokens and idempotency answers past the replay window, and nothing else", async () => {
    const s = server();
    const org = await buildOrg(s);
    await s.request({
      method: "POST",
      url: "/api/stream",
      headers: { ...org.admin.headers, "idempotency-key": "old" },
      payload: {},
    });
    s.clock.advance(12 * 3600 * 1000);
    const fresh = await buildUser(s, org, "nanoUser");
    await s.request({
      method: "POST",
      url: "/api/stream",
      headers: { ...fresh.headers, "idempotency-key": "new" },
      payload: {},
    });
    s.clock.advance(12 * 3600 * 1000 + 1000);
    await runMaintenance(s.database.db, s.clock.now());
    const keys = await s.database.db
      .selectFrom("idempotency_keys")
      .select("key")
      .where("org_id", "=", org.id)
      .execute();
    expect(keys.map((k) => k.key)).toEqual(["new"]);
    const tokens = await s.database.db.selectFrom("tokens").select("user_id").where("org_id", "=", org.id).execute();
    expect(tokens.map((t) => t.user_id)).toEqual([fresh.id]);
    expect((await s.request({ method: "GET", url: "/api/user/me", headers: fresh.headers })).statusCode).toBe(200);
  });
});

// Concurrent rotations of the organisation's secrets: N callers at once get N distinct secrets, the one in
// force is one of them, and the webhook secret's 24 h overlap keeps one of them too, never one nobody saw.
import { expect, it } from "vitest";
import { buildOrg } from "../../test/factories.js";
import { describeEachDatabase } from "../../test/harness.js";

const N = 16;

describeEachDatabase("concurrent secret rotations", (server) => {
  it(`${N} concurrent API key rotations: ${N} distinct keys, the one in force among them, every other refused`, async () => {
    const s = server();
    const org = await buildOrg(s);
    const h = org.admin.headers;
    const answers = await Promise.all(
      Array.from({ length: N }, () =>
        s.request({ method: "POST", url: "/api/organisation/apikey/rotate", headers: h }),
      ),
    );
    expect(answers.map((a) => a.statusCode)).toEqual(Array(N).fill(200));
    const keys = answers.map((a) => a.json<{ apiKey: string }>().apiKey);
    expect(new Set(keys).size).toBe(N);
    const current = (await s.request({ method: "GET", url: "/api/organisation/apikey", headers: h })).json().apiKey;
    expect(keys).toContain(current);
    for (const key of [org.apiKey, ...keys]) {
      const res = await s.request({ method: "GET", url: "/api/organisation", headers: { "x-bintu-apikey": key } });
      expect(res.statusCode).toBe(key === current ? 200 : 401);
    }
  });

  it(`${N} concurrent webhook secret rotations: the current and the overlapping previous secret were both handed out`, async () => {
    const s = server();
    const org = await buildOrg(s);
    const h = org.admin.headers;
    const before = (await s.services.organisations.webhookSigningSecrets(org.id))[0];
    const answers = await Promise.all(
      Array.from({ length: N }, () =>
        s.request({ method: "POST", url: "/api/organisation/webhook/secret/rotate", headers: h }),
      ),
    );
    expect(answers.map((a) => a.statusCode)).toEqual(Array(N).fill(200));
    const secrets = answers.map((a) => a.json<{ secret: string }>().secret);
    expect(new Set(secrets).size).toBe(N);
    const [current, previous, ...rest] = await s.services.organisations.webhookSigningSecrets(org.id);
    expect(rest).toEqual([]);
    expect(secrets).toContain(current);
    expect(secrets).toContain(previous);
    expect(previous).not.toBe(current);
    expect(previous).not.toBe(before);
    const revealed = await s.request({ method: "GET", url: "/api/organisation/webhook/secret", headers: h });
    expect(revealed.json().secret).toBe(current);
  });
});

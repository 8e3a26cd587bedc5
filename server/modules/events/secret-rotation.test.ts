// Concurrent rotations of an endpoint's signing secret: N callers at once get N distinct secrets, the one
// in force is one of them, and so is the previous one that keeps signing during the 24 h overlap.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIALECTS } from "../../test/harness.js";
import { findEndpoint } from "./events.repo.js";
import { signingSecrets } from "./signing.js";
import { startEventsEnv, type EventsEnv } from "./test-support.js";

const N = 16;

for (const dialect of DIALECTS) {
  describe(`event endpoint secret rotation [${dialect}]`, () => {
    let env: EventsEnv;
    beforeAll(async () => {
      env = await startEventsEnv(dialect);
    });
    afterAll(async () => {
      await env?.close();
    });

    it(`${N} concurrent rotations: the current and the previous secret are both among those handed out`, async () => {
      const orgId = await env.newOrg();
      const { endpoint, secret: first } = await env.service.create(orgId, {
        url: "https://hooks.example.com/in",
        events: ["*"],
      });
      // Several rounds: a lost update needs two rotations to interleave, which one round may not show.
      let current: string | undefined;
      for (let round = 0; round < 5; round++) {
        const answers = await Promise.all(
          Array.from({ length: N }, () => env.service.rotateSecret(orgId, endpoint.id)),
        );
        const secrets = answers.map((a) => a.secret);
        expect(new Set(secrets).size).toBe(N);
        const row = await findEndpoint(env.database.db, orgId, endpoint.id);
        const [now, previous, ...rest] = signingSecrets(row!, env.keyring, env.clock.now());
        expect(rest).toEqual([]);
        expect(secrets).toContain(now);
        expect(secrets).toContain(previous);
        expect(previous).not.toBe(now);
        expect(previous).not.toBe(current ?? first);
        current = now;
      }
      expect(await env.service.revealSecret(orgId, endpoint.id)).toEqual({ secret: current });
    });

    it("answers 404 for another organisation's endpoint and leaves its secret alone", async () => {
      const orgId = await env.newOrg();
      const other = await env.newOrg();
      const { endpoint, secret } = await env.service.create(orgId, {
        url: "https://hooks.example.com/x",
        events: ["*"],
      });
      await expect(env.service.rotateSecret(other, endpoint.id)).rejects.toMatchObject({ status: 404 });
      expect(await env.service.revealSecret(orgId, endpoint.id)).toEqual({ secret });
    });
  });
}

import { expect, it } from "vitest";
import { describeEachDatabase } from "../../test/harness.js";
import { PASSWORD, buildOrg } from "../../test/factories.js";

const TERMS = "https://streaming.example/terms";
const tokenOf = (url: string) => url.split("/").pop()!;

describeEachDatabase(
  "invitations with the operator's terms of use",
  (server) => {
    it("the invitation names the terms, and joining without accepting them is refused with nothing created", async () => {
      const s = server();
      const org = await buildOrg(s);
      const invite = (
        await s.request({
          method: "POST",
          url: "/api/invite",
          headers: org.admin.headers,
          payload: { role: "nanoUser" },
        })
      ).json();
      const token = tokenOf(invite.url);
      expect((await s.request({ method: "GET", url: `/api/invite/${token}` })).json().termsUrl).toBe(TERMS);

      for (const payload of [
        { email: "joiner@example.com", password: PASSWORD },
        { email: "joiner@example.com", password: PASSWORD, acceptTerms: false },
      ]) {
        const refused = await s.request({ method: "POST", url: `/api/invite/${token}/accept`, payload });
        expect(refused.statusCode).toBe(400);
        expect(refused.json().error.message).toBe(`acceptTerms: accept the terms of use (${TERMS}) to join`);
      }
      expect(
        await s.database.db
          .selectFrom("users")
          .where("email", "=", "joiner@example.com")
          .select("id")
          .executeTakeFirst(),
      ).toBeUndefined();

      const joined = await s.request({
        method: "POST",
        url: `/api/invite/${token}/accept`,
        payload: { email: "joiner@example.com", password: PASSWORD, acceptTerms: true },
      });
      expect(joined.statusCode).toBe(200);
    });
  },
  { ORGDECK_TERMS_URL: TERMS },
);

describeEachDatabase("invitations without terms of use", (server) => {
  it("the invitation says there are none, and joining needs no acceptance", async () => {
    const s = server();
    const org = await buildOrg(s);
    const token = tokenOf(
      (
        await s.request({
          method: "POST",
          url: "/api/invite",
          headers: org.admin.headers,
          payload: { role: "nanoUser" },
        })
      ).json().url,
    );
    expect((await s.request({ method: "GET", url: `/api/invite/${token}` })).json().termsUrl).toBeNull();
    expect(
      (
        await s.request({
          method: "POST",
          url: `/api/invite/${token}/accept`,
          payload: { email: "plain@example.com", password: PASSWORD },
        })
      ).statusCode,
    ).toBe(200);
  });
});

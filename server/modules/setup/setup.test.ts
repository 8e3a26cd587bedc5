import { expect, it } from "vitest";
import { describeEachDatabase } from "../../test/harness.js";
import { PASSWORD } from "../../test/factories.js";
import {
  EMAIL_MAX_LENGTH,
  ORG_NAME_MAX,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
} from "../../../contract/auth-limits.js";
import { emailSchema, passwordSchema } from "../../../contract/common.js";
import { organisationNameSchema } from "../../../contract/organisation.js";

describeEachDatabase("first-run setup", (server) => {
  it("creates the first organisation and admin with the one-time link, then never again", async () => {
    const s = server();
    expect((await s.request({ method: "GET", url: "/api/setup" })).json()).toEqual({ needed: true });
    const link = await s.services.setup.issueLink();
    expect(link).toMatch(/^http:\/\/orgdeck\.test\/setup#token=ods_[0-9A-Za-z]{36}$/);
    const token = link!.split("token=")[1]!;
    const body = { token, organisationName: "First Org", email: "root@example.com", password: PASSWORD };
    expect(
      (
        await s.request({
          method: "POST",
          url: "/api/setup",
          payload: { ...body, token: "ods_wrongwrongwrongwrongwrongwrong000000" },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (await s.request({ method: "POST", url: "/api/setup", payload: { ...body, password: "short" } })).statusCode,
    ).toBe(400);
    // The name limit the form names is the one the request enforces, before anything is created.
    const long = await s.request({
      method: "POST",
      url: "/api/setup",
      payload: { ...body, organisationName: "n".repeat(ORG_NAME_MAX + 1) },
    });
    expect(long.statusCode).toBe(400);
    expect(long.json().error.message).toBe(
      `organisationName: organisationName must be at most ${ORG_NAME_MAX} characters`,
    );
    const ok = await s.request({
      method: "POST",
      url: "/api/setup",
      payload: { ...body, organisationName: "F".repeat(ORG_NAME_MAX) },
    });
    expect(ok.statusCode).toBe(200);
    const me = (
      await s.request({ method: "GET", url: "/api/user/me", headers: { "x-bintu-token": ok.json().token } })
    ).json();
    expect(me.organisation.name).toBe("F".repeat(ORG_NAME_MAX));
    expect(me.role.name).toBe("nanoAdmin");
    expect((await s.request({ method: "POST", url: "/api/setup", payload: body })).statusCode).toBe(410);
    expect((await s.request({ method: "GET", url: "/api/setup" })).json()).toEqual({ needed: false });
    expect(await s.services.setup.issueLink()).toBeNull();
  });

  it("states the limits the dashboard shows exactly as the schemas enforce them", () => {
    expect(organisationNameSchema.safeParse("n".repeat(ORG_NAME_MAX)).success).toBe(true);
    expect(organisationNameSchema.safeParse("n".repeat(ORG_NAME_MAX + 1)).success).toBe(false);
    expect(passwordSchema.safeParse("p".repeat(PASSWORD_MIN_LENGTH)).success).toBe(true);
    expect(passwordSchema.safeParse("p".repeat(PASSWORD_MIN_LENGTH - 1)).success).toBe(false);
    expect(passwordSchema.safeParse("p".repeat(PASSWORD_MAX_LENGTH + 1)).success).toBe(false);
    expect(emailSchema.safeParse(`${"e".repeat(EMAIL_MAX_LENGTH - 12)}@example.com`).success).toBe(true);
    expect(emailSchema.safeParse(`${"e".repeat(EMAIL_MAX_LENGTH - 11)}@example.com`).success).toBe(false);
  });
});

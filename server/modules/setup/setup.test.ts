import { expect, it } from "vitest";
import { describeEachDatabase } from "../../test/harness.js";
import { PASSWORD } from "../../test/factories.js";

describeEachDatabase("first-run setup", (server) => {
  it("creates the first organisation and admin with the one-time link, then never again", async () => {
    const s = server();
    expect((await s.request({ method: "GET", url: "/api/setup" })).json()).toEqual({ needed: true });
    const link = await s.services.setup.issueLink();
    expect(link).toMatch(/^http:\/\/orgdeck\.test\/setup#token=ods_[0-9A-Za-z]{36}$/);
    const token = link!.split("token=")[1]!;
    const body = { token, organisationName: "First Org", email: "root@example.com", password: PASSWORD };
    expect((await s.request({ method: "POST", url: "/api/setup", payload: { ...body, token: "ods_wrongwrongwrongwrongwrongwrong000000" } })).statusCode).toBe(403);
    expect((await s.request({ method: "POST", url: "/api/setup", payload: { ...body, password: "short" } })).statusCode).toBe(400);
    const ok = await s.request({ method: "POST", url: "/api/setup", payload: body });
    expect(ok.statusCode).toBe(200);
    const me = (await s.request({ method: "GET", url: "/api/user/me", headers: { "x-bintu-token": ok.json().token } })).json();
    expect(me.organisation.name).toBe("First Org");
    expect(me.role.name).toBe("nanoAdmin");
    expect((await s.request({ method: "POST", url: "/api/setup", payload: body })).statusCode).toBe(410);
    expect((await s.request({ method: "GET", url: "/api/setup" })).json()).toEqual({ needed: false });
    expect(await s.services.setup.issueLink()).toBeNull();
  });
});

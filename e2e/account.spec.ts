import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { DEMO } from "./support/demo.js";
import { expectNoAxeViolations, openAccountEntry, sessionToken, signIn } from "./support/fixtures.js";

/** A fresh member (through an invitation), so the demo logins other tests use keep their passwords. */
async function newMember(page: Page): Promise<{ email: string; password: string }> {
  await signIn(page, DEMO.admin);
  const admin = await sessionToken(page);
  const invite = await page.request.post("/api/invite", {
    headers: { "x-bintu-token": admin },
    data: { role: "nanoUser" },
  });
  const token = ((await invite.json()) as { url: string }).url.split("/invite/")[1]!;
  const who = {
    email: `account-${randomBytes(4).toString("hex")}@demo.orgdeck.test`,
    password: "first passphrase of mine",
  };
  expect(
    (await page.request.post(`/api/invite/${token}/accept`, { data: { ...who, acceptTerms: true } })).status(),
  ).toBe(200);
  await page.evaluate(() => sessionStorage.clear());
  return who;
}

test.describe("My Account", () => {
  test("a member changes its password: a wrong current one is refused, the other sessions end, the new one works", async ({
    page,
  }) => {
    const who = await newMember(page);
    await signIn(page, who);
    const other = await page.request.post("/api/user/validate", { data: who });
    const otherToken = ((await other.json()) as { token: string }).token;

    await openAccountEntry(page, "My Account");
    await expect(page).toHaveURL(/\/account$/);
    const details = page.getByRole("table", { name: "Account details" });
    await expect(details).toContainText(who.email);
    await expect(details).toContainText(DEMO.orgName);
    await expect(details).toContainText("User");
    await expectNoAxeViolations(page);

    const form = page.getByRole("form", { name: "Change password" });
    const submit = form.getByRole("button", { name: "Change password" });
    await form.getByLabel("Current password").fill("not my password at all");
    await form.getByLabel("New password", { exact: false }).first().fill("second passphrase of mine");
    await expect(submit).toBeDisabled();
    await form.getByLabel("Confirm new password").fill("second passphrase of mine");
    await submit.click();
    await expect(form.getByRole("alert")).toContainText("not your current password");

    await form.getByLabel("Current password").fill(who.password);
    await submit.click();
    // The other two: the session accepting the invitation opened, and the one made above.
    await expect(form.getByRole("status")).toContainText("2 other sessions were signed out.");
    await expect(form.getByLabel("Current password")).toHaveValue("");
    await page.screenshot({ path: test.info().outputPath("account.png"), fullPage: true });

    const stale = await page.request.get("/api/user/me", { headers: { "x-bintu-token": otherToken } });
    expect(stale.status()).toBe(401);
    // This session survived: the page still works.
    await page.goto("/organisation/overview");
    await expect(page.getByRole("heading", { level: 1, name: DEMO.orgName })).toBeVisible();
    await page.evaluate(() => sessionStorage.clear());
    await signIn(page, { email: who.email, password: "second passphrase of mine" });
  });
});

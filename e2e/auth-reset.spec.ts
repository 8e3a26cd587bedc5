import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { expectNoHorizontalOverflow } from "./support/auth-pages.js";
import { DEMO } from "./support/demo.js";
import { expectNoAxeViolations, isPhone, sessionToken, signIn } from "./support/fixtures.js";

/** A fresh member (through an invitation), so the demo logins keep their passwords. */
async function newMember(page: Page): Promise<{ email: string; password: string }> {
  const admin = await sessionToken(page);
  const invite = await page.request.post("/api/invite", {
    headers: { "x-bintu-token": admin },
    data: { role: "nanoUser" },
  });
  const token = ((await invite.json()) as { url: string }).url.split("/invite/")[1]!;
  const who = {
    email: `reset-${randomBytes(4).toString("hex")}@demo.orgdeck.test`,
    password: "the passphrase I forgot",
  };
  expect(
    (await page.request.post(`/api/invite/${token}/accept`, { data: { ...who, acceptTerms: true } })).status(),
  ).toBe(200);
  return who;
}

test.describe("password reset without email", () => {
  test("an admin creates a link shown once; the user sets a new password with it and signs in; the used link shows a clear page", async ({
    page,
  }) => {
    await signIn(page, DEMO.admin);
    const who = await newMember(page);
    const oldSession = (
      (await (await page.request.post("/api/user/validate", { data: who })).json()) as { token: string }
    ).token;

    await page.goto("/organisation/users");
    const entry = page.getByRole(isPhone(page) ? "listitem" : "row", { name: who.email });
    // Never on one's own entry: that is My Account's job.
    await expect(page.getByRole("button", { name: `Password reset link for ${DEMO.admin.email}` })).toHaveCount(0);
    await entry.getByRole("button", { name: `Password reset link for ${who.email}` }).click();
    const dialog = page.getByRole("dialog", { name: "Password reset link" });
    await expect(dialog).toContainText("orgdeck sends no email");
    await dialog.getByRole("button", { name: "Create link" }).click();
    const linkBox = dialog.getByRole("textbox", { name: "Reset link" });
    const link = await linkBox.inputValue();
    expect(link).toMatch(/\/reset-password\/odr_[0-9A-Za-z]{36}$/);
    await expect(dialog.getByRole("note")).toContainText("Shown only this once");
    await expect(dialog.getByRole("button", { name: "Copy reset link" })).toBeVisible();
    await expectNoAxeViolations(page);
    await expectNoHorizontalOverflow(page);
    await page.screenshot({ path: test.info().outputPath("reset-link-dialog.png") });
    await dialog.getByRole("button", { name: "Done" }).click();
    await expect(dialog).toBeHidden();
    // Shown once: opening the action again offers a new link, not the old one.
    await entry.getByRole("button", { name: `Password reset link for ${who.email}` }).click();
    await expect(dialog.getByRole("textbox", { name: "Reset link" })).toHaveCount(0);
    await dialog.getByRole("button", { name: "Cancel" }).click();

    await page.evaluate(() => sessionStorage.clear());
    await page.goto(new URL(link).pathname);
    const form = page.getByRole("form", { name: "Choose a new password" });
    await expect(form.getByRole("textbox", { name: "Account" })).toHaveValue(who.email);
    await expectNoAxeViolations(page);
    await expectNoHorizontalOverflow(page);
    await page.screenshot({ path: test.info().outputPath("reset-form.png"), fullPage: true });
    // Field-level messages, no round trip for what the page can check itself.
    await form.getByRole("button", { name: "Set new password" }).click();
    await expect(form.getByLabel("New password", { exact: false }).first()).toHaveAttribute("aria-invalid", "true");
    await expect(form).toContainText("Choose a new password.");
    await expect(form).toContainText("Repeat the new password.");
    await form.getByLabel("New password", { exact: false }).first().fill("a new passphrase for me");
    await form.getByLabel("Confirm new password").fill("a new passphrase for me");
    await form.getByRole("button", { name: "Set new password" }).click();

    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByRole("status")).toContainText("Sign in with your new password");
    await expect(page.getByLabel(/^Email/)).toHaveValue(who.email);
    await page.getByLabel(/^Password/).fill("a new passphrase for me");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/organisation\/overview$/);
    // The sessions from before the reset have ended.
    expect((await page.request.get("/api/user/me", { headers: { "x-bintu-token": oldSession } })).status()).toBe(401);

    await page.goto(new URL(link).pathname);
    await expect(page.getByRole("heading", { level: 1, name: "Link not valid" })).toBeVisible();
    await expect(page.getByRole("alert")).toContainText("may have been used already or have expired");
    await expect(page.getByRole("form")).toHaveCount(0);
    await expectNoAxeViolations(page);
    await expectNoHorizontalOverflow(page);
    await page.screenshot({ path: test.info().outputPath("reset-used.png"), fullPage: true });
  });

  test("an admin sees a member's open link (by whom, until when) and revokes it after confirming; the link is dead", async ({
    page,
  }) => {
    test.slow(); // two axe sweeps of a large page
    await signIn(page, DEMO.admin);
    const who = await newMember(page);
    await page.goto("/organisation/users");
    const entry = page.getByRole(isPhone(page) ? "listitem" : "row", { name: who.email });
    const action = entry.getByRole("button", { name: `Password reset link for ${who.email}` });
    const dialog = page.getByRole("dialog", { name: "Password reset link" });
    const notice = dialog.getByRole("region", { name: "Open password reset link" });
    await action.click();
    await expect(dialog.getByRole("button", { name: "Create link" })).toBeVisible();
    await expect(notice).toHaveCount(0);
    await dialog.getByRole("button", { name: "Create link" }).click();
    const link = await dialog.getByRole("textbox", { name: "Reset link" }).inputValue();
    await dialog.getByRole("button", { name: "Done" }).click();
    await expect(dialog).toBeHidden();

    await action.click();
    await expect(notice).toContainText(`created by ${DEMO.admin.email}`);
    await expect(notice).toContainText("works until");
    await expect(dialog).not.toContainText(link);
    await expectNoAxeViolations(page);
    await notice.getByRole("button", { name: "Revoke…" }).click();
    await expect(notice).toContainText("Revoke this link?");
    await expectNoAxeViolations(page);
    await expectNoHorizontalOverflow(page);
    await page.screenshot({ path: test.info().outputPath("reset-link-revoke.png") });
    await notice.getByRole("button", { name: "Revoke link" }).click();
    await expect(dialog.getByRole("status")).toContainText(`The reset link for ${who.email} was revoked.`);
    await expect(notice).toHaveCount(0);
    await dialog.getByRole("button", { name: "Cancel" }).click();
    expect((await page.request.get(`/api/password-reset/${link.split("/").pop()!}`)).status()).toBe(410);
  });

  test("an unknown link shows the very same page as a used one", async ({ page }) => {
    await page.goto(`/reset-password/odr_${"x".repeat(36)}`);
    await expect(page.getByRole("heading", { level: 1, name: "Link not valid" })).toBeVisible();
    await expect(page.getByRole("alert")).toContainText("may have been used already or have expired");
    await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
  });
});

import { expect, test, type Browser, type Page } from "@playwright/test";
import { DEMO } from "./support/demo.js";
import { expectNoAxeViolations, signIn } from "./support/fixtures.js";

const PASSWORD = "invitee passphrase 2026";

async function newPage(browser: Browser, viewport: { width: number; height: number } | null): Promise<Page> {
  const ctx = await browser.newContext({ viewport: viewport ?? { width: 1280, height: 800 } });
  return ctx.newPage();
}

async function createInvite(admin: Page, roleLabel: string | null): Promise<string> {
  await admin.goto("/organisation/users");
  await admin.getByRole("button", { name: "Invite new user" }).click();
  const dialog = admin.getByRole("dialog", { name: "Invite new user" });
  if (roleLabel) {
    await dialog.getByLabel("Role", { exact: true }).click();
    await admin.getByRole("option", { name: roleLabel }).click();
  }
  await dialog.getByRole("button", { name: "Generate New Invite Token" }).click();
  const link = await dialog.getByRole("textbox", { name: "Invite link" }).inputValue();
  expect(link).toMatch(/\/invite\/odi_/);
  await dialog.getByRole("button", { name: "Close" }).click();
  return new URL(link).pathname;
}

async function acceptInvite(page: Page, path: string, email: string, orgAndRole: RegExp) {
  await page.goto(path);
  await expect(page.getByRole("heading", { name: `Join ${DEMO.orgName}` })).toBeVisible();
  await expect(page.getByText(orgAndRole)).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel(/^Email/).fill(email);
  await page.getByLabel(/^Password/).fill(PASSWORD);
  await page.getByLabel(/^Confirm password/).fill(PASSWORD);
  await page.getByLabel("I accept the terms of use").check();
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/organisation\/overview$/);
}

test.describe("User Management", () => {
  test("invite, accept, change role, reset the token and delete — seen from both sides", async ({ browser, page, viewport }) => {
    const suffix = `${test.info().project.name}-${Date.now()}`;
    const email = `invitee-${suffix}@example.com`;
    await signIn(page, DEMO.admin);
    const path = await createInvite(page, null);
    await page.screenshot({ path: test.info().outputPath("users-admin.png"), fullPage: true });
    await expectNoAxeViolations(page);

    const invitee = await newPage(browser, viewport);
    await acceptInvite(invitee, path, email, /invited as User \(nanoUser\)/);
    await invitee.goto("/organisation/users");
    await expect(invitee.getByRole("row", { name: email })).toBeVisible();
    await expect(invitee.getByRole("row", { name: email }).getByText("(you)")).toBeVisible();
    await expect(invitee.getByRole("button", { name: "Invite new user" })).toHaveCount(0);
    await expect(invitee.getByRole("columnheader", { name: "Quick actions" })).toHaveCount(0);
    await invitee.screenshot({ path: test.info().outputPath("users-invitee.png"), fullPage: true });

    // The link is single use.
    const again = await newPage(browser, viewport);
    await again.goto(path);
    await expect(again.getByRole("heading", { name: "This invitation can no longer be used" })).toBeVisible();
    await again.context().close();

    // Admin demotes the invitee to read-only.
    await page.reload();
    await page.getByRole("button", { name: `Open ${email}` }).click();
    const panel = page.getByRole("dialog", { name: "User Overview" });
    await expect(panel.getByText("Permission Overview")).toBeVisible();
    await panel.getByRole("button", { name: "Update Permission" }).click();
    const update = page.getByRole("dialog", { name: "Update permission" });
    await expect(update.getByText(/bintu tokens will be invalidated/)).toBeVisible();
    await update.getByRole("radio", { name: /^Read Only/ }).check();
    await update.getByRole("button", { name: "Update permission" }).click();
    await expect(update).toBeHidden();
    await page.keyboard.press("Escape");

    // The invitee's next action sends it back to login; afterwards the tab is gone.
    await invitee.getByRole("tab", { name: "Overview" }).click();
    await invitee.reload();
    await expect(invitee).toHaveURL(/\/login$/);
    await expect(invitee.getByText("Your session has expired or was revoked. Please log in again.")).toBeVisible();
    await signIn(invitee, { email, password: PASSWORD });
    await expect(invitee.getByRole("tab", { name: "User Management" })).toHaveCount(0);
    await invitee.goto("/organisation/users");
    await expect(invitee.getByRole("heading", { name: "No access" })).toBeVisible();

    // Admin resets its token, then deletes it.
    await page.reload();
    await page.getByRole("button", { name: `Reset user token of ${email}` }).click();
    await page.getByRole("dialog", { name: "Reset user token" }).getByRole("button", { name: "Reset user token" }).click();
    await expect(page.getByRole("dialog", { name: "Reset user token" })).toBeHidden();
    await invitee.reload();
    await expect(invitee).toHaveURL(/\/login$/);
    await page.getByRole("button", { name: `Delete user ${email}` }).click();
    await page.getByRole("dialog", { name: "Delete user" }).getByRole("button", { name: "Delete user" }).click();
    await expect(page.getByRole("row", { name: email })).toHaveCount(0);
    await expect(page.getByRole("row", { name: DEMO.admin.email }).getByRole("button", { name: /^Delete user/ })).toHaveCount(0);
    await invitee.context().close();
  });

  test("a custom role is created in the roles view, granted through an invitation and filtered by", async ({ browser, page, viewport }) => {
    const suffix = `${test.info().project.name}${Date.now()}`.replace(/[^A-Za-z0-9]/g, "");
    const name = `streamer${suffix}`;
    const label = `Streamer ${suffix}`;
    await signIn(page, DEMO.admin);
    await page.getByRole("tab", { name: "Roles" }).click();
    await page.getByRole("button", { name: "Create role" }).click();
    const editor = page.getByRole("dialog", { name: "Create role" });
    await editor.getByRole("textbox", { name: /^Name/ }).fill(name);
    await editor.getByRole("textbox", { name: /^Label/ }).fill(label);
    for (const p of ["Stream.GetStreams", "Stream.CreateStream", "Tag.GetTags"]) await editor.getByRole("checkbox", { name: p }).check();
    await editor.getByRole("button", { name: "Create role" }).click();
    await expect(page.getByRole("row", { name })).toBeVisible();
    await page.screenshot({ path: test.info().outputPath("roles.png"), fullPage: true });
    await expectNoAxeViolations(page);

    const path = await createInvite(page, `${label} (${name})`);
    const member = await newPage(browser, viewport);
    const email = `custom-${suffix.toLowerCase()}@example.com`;
    await acceptInvite(member, path, email, new RegExp(`invited as ${label}`));
    await member.context().close();

    await page.goto("/organisation/users");
    await page.getByRole("group", { name: "Filter by role" }).getByText(label, { exact: true }).click();
    await expect(page.getByRole("row", { name: email })).toBeVisible();
    await expect(page.getByRole("row", { name: DEMO.admin.email })).toHaveCount(0);
    // Still held by a user: the server refuses to delete it and says why.
    await page.getByRole("tab", { name: "Roles" }).click();
    await page.getByRole("button", { name: `Delete role ${name}` }).click();
    await page.getByRole("dialog", { name: "Delete role?" }).getByRole("button", { name: "Delete role" }).click();
    await expect(page.getByRole("dialog", { name: "Delete role?" }).getByText(/still assigned to 1 user/)).toBeVisible();
  });

  test("the activity view lists what happened, newest first", async ({ page }) => {
    // Enough events for two pages, whatever ran before.
    for (let i = 0; i < 26; i++) expect((await page.request.post("/api/user/validate", { data: { email: DEMO.readOnly.email, password: DEMO.readOnly.password } })).ok()).toBe(true);
    await signIn(page, DEMO.admin);
    await page.getByRole("tab", { name: "Activity" }).click();
    const table = page.getByRole("table", { name: "Activity" });
    await expect(table.getByRole("row").nth(1)).toContainText("authn_login_success");
    await expectNoAxeViolations(page);
    // Older events are one cursor away; newer ones come back as they were.
    const range = page.getByText(/^Showing 1 - 25 of \d+ events$/);
    await expect(range).toBeVisible();
    const firstPage = await table.getByRole("row").allInnerTexts();
    await page.getByRole("button", { name: "Older events" }).click();
    await expect(page.getByText(/^Showing 26 - \d+ of \d+ events$/)).toBeVisible();
    await page.getByRole("button", { name: "Newer events" }).click();
    await expect(range).toBeVisible();
    expect(await table.getByRole("row").allInnerTexts()).toEqual(firstPage);
  });
});

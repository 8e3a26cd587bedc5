import { AUDIT_ACTIONS } from "../contract/audit-actions.js";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { DEMO } from "./support/demo.js";
import { expectNoAxeViolations, isPhone, signIn } from "./support/fixtures.js";

const PASSWORD = "invitee passphrase 2026";
// The dashboard's date style (web/lib/format.ts), never the browser's "GMT" string.
const UTC_TIME = /\d{2}\/\d{2}\/\d{4} \d{2}:\d{2} (am|pm) \(UTC\)/;

/** A user's entry: a table row on wide screens, a card (list item) on phones. */
/** A member's row (card on phones) in the Users list; pending invitations name their creator's email too. */
function userEntry(page: Page, email: string) {
  const phone = isPhone(page);
  return page
    .getByRole(phone ? "list" : "table", { name: "Users", exact: true })
    .getByRole(phone ? "listitem" : "row", { name: email, exact: true });
}

/** The dialog's × has a name, and axe finds nothing at any impact while it is open. */
async function expectAccessibleDialog(page: Page, dialog: ReturnType<Page["getByRole"]>) {
  await expect(dialog.getByRole("button", { name: "Close", exact: true }).first()).toBeVisible();
  await expectNoAxeViolations(page);
}

async function newPage(browser: Browser, viewport: { width: number; height: number } | null): Promise<Page> {
  const ctx = await browser.newContext({ viewport: viewport ?? { width: 1280, height: 800 } });
  return ctx.newPage();
}

async function createInvite(admin: Page, roleLabel: string | null, check = false): Promise<string> {
  await admin.goto("/organisation/users");
  await admin.getByRole("button", { name: "Invite new user" }).click();
  const dialog = admin.getByRole("dialog", { name: "Invite new user" });
  if (roleLabel) {
    await dialog.getByLabel("Access Level", { exact: true }).click();
    // An expectation rather than a bare click: a role missing from the list fails here within the
    // expect timeout, naming the role, instead of the click running into the test's time budget.
    const option = admin.getByRole("option", { name: roleLabel });
    await expect(option, `${roleLabel} is offered in Access Level`).toBeVisible();
    await option.click();
  }
  if (check) {
    // As in the reference: the documentation callout, and the permission overview already open.
    await expect(dialog.getByText(/If you are unsure about the roles and their access levels/)).toBeVisible();
    await expect(dialog.getByRole("button", { name: "Permission Overview" })).toHaveAttribute("aria-expanded", "true");
    await expect(dialog.getByText("GetUsers")).toBeVisible();
    await admin.screenshot({ path: test.info().outputPath("invite-dialog.png") });
    await expectAccessibleDialog(admin, dialog);
  }
  await dialog.getByRole("button", { name: "Generate New Invite Token" }).click();
  const link = await dialog.getByRole("textbox", { name: "Invite link" }).inputValue();
  expect(link).toMatch(/\/invite\/odi_/);
  if (check) {
    await expect(dialog.getByText(/The invite token is valid for the/)).toContainText(UTC_TIME);
    await expect(dialog.getByText(/GMT/)).toHaveCount(0);
    await admin.screenshot({ path: test.info().outputPath("invite-link.png") });
    await expectAccessibleDialog(admin, dialog);
  }
  // The footer's Close (the × shares the name).
  await dialog.getByRole("button", { name: "Close", exact: true }).last().click();
  await expect(dialog).toBeHidden();
  return new URL(link).pathname;
}

async function acceptInvite(page: Page, path: string, email: string, orgAndRole: RegExp) {
  await page.goto(path);
  await expect(page.getByRole("heading", { name: "Create a new account", level: 1 })).toBeVisible();
  await expect(page.getByText(`Join ${DEMO.orgName} and start streaming`)).toBeVisible();
  await expect(page.getByText(orgAndRole)).toBeVisible();
  await expect(page.getByText(/The invitation expires/)).toContainText(UTC_TIME);
  await expect(page.getByText(/GMT/)).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Log in" })).toBeVisible();
  await expect
    .poll(() => page.evaluate(() => document.documentElement.scrollWidth))
    .toBeLessThanOrEqual(page.viewportSize()!.width);
  await page.screenshot({ path: test.info().outputPath("invitation.png"), fullPage: true });
  await expectNoAxeViolations(page);
  await page.getByLabel(/^Email/).fill(email);
  await page.getByLabel(/^Password/).fill(PASSWORD);
  await page.getByLabel(/^Confirm password/).fill(PASSWORD);
  // The operator's terms are there to read before they are accepted.
  await expect(page.getByRole("link", { name: "terms of use" })).toHaveAttribute(
    "href",
    "https://streaming.example/terms",
  );
  await page.getByRole("checkbox", { name: "I accept the terms of use" }).check();
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/organisation\/overview$/);
}

test.describe("User Management", () => {
  test("invite, accept, change role, reset the token and delete — seen from both sides", async ({
    browser,
    page,
    viewport,
  }) => {
    // Two browser sessions through a member's whole life: about 25 s alone, over a minute on a busy machine.
    test.slow();
    const suffix = `${test.info().project.name}-${Date.now()}`;
    const email = `invitee-${suffix}@example.com`;
    await signIn(page, DEMO.admin);
    const path = await createInvite(page, null, true);
    await page.screenshot({ path: test.info().outputPath("users-admin.png"), fullPage: true });
    await expectNoAxeViolations(page);

    const invitee = await newPage(browser, viewport);
    await acceptInvite(invitee, path, email, /invited as User \(nanoUser\)/);
    await invitee.goto("/organisation/users");
    await expect(userEntry(invitee, email)).toBeVisible();
    await expect(userEntry(invitee, email).getByText("(you)")).toBeVisible();
    await expect(invitee.getByRole("button", { name: "Invite new user" })).toHaveCount(0);
    await expect(invitee.getByRole("columnheader", { name: "Quick actions" })).toHaveCount(0);
    await expect(invitee.getByRole("button", { name: /^Reset user token of/ })).toHaveCount(0);
    await invitee.screenshot({ path: test.info().outputPath("users-invitee.png"), fullPage: true });

    // The link is single use.
    const again = await newPage(browser, viewport);
    await again.goto(path);
    await expect(again.getByRole("heading", { name: "This invitation can no longer be used" })).toBeVisible();
    await expectNoAxeViolations(again);
    await again.context().close();

    // Admin demotes the invitee to read-only: the dialog shows the change and what it does first.
    await page.reload();
    await page.getByRole("button", { name: `Open ${email}` }).click();
    const panel = page.getByRole("dialog", { name: "User Overview" });
    await expect(panel.getByText("Permission Overview")).toBeVisible();
    await expectAccessibleDialog(page, panel);
    await panel.getByRole("button", { name: "Update Permission" }).click();
    const update = page.getByRole("dialog", { name: "Update User Role" });
    await expect(update.getByText(/Role changes take effect immediately/)).toBeVisible();
    await update.getByLabel("Access Level", { exact: true }).click();
    await page.getByRole("option", { name: "Read Only (nanoReadOnly)" }).click();
    await expect(update.getByText(/You are about to switch the user role/)).toHaveText(
      `You are about to switch the user role for ${email} from User to Read Only. This action will invalidate all existing bintu tokens for this user.`,
    );
    await page.screenshot({ path: test.info().outputPath("update-role.png") });
    await expectAccessibleDialog(page, update);
    await update.getByRole("button", { name: "Update role" }).click();
    await expect(update).toBeHidden();
    await expect(panel.getByRole("status")).toContainText(
      `${email} is now Read Only (was User). Their bintu tokens were revoked`,
    );
    await page.keyboard.press("Escape");

    // The invitee's open tab learns at once (its live-update stream ends with the revoked token) and goes
    // to sign-in without any action of theirs.
    await expect(invitee).toHaveURL(/\/login$/, { timeout: 15_000 });
    await expect(invitee.getByText("Your session has expired or was revoked. Please log in again.")).toBeVisible();
    await invitee.getByLabel(/^Email/).fill(email);
    await invitee.getByLabel(/^Password/).fill(PASSWORD);
    await invitee.getByRole("button", { name: "Sign in" }).click();
    // Back where they were, which their new role may no longer see.
    await expect(invitee).toHaveURL(/\/organisation\/users$/);
    await expect(invitee.getByRole("heading", { name: "No access" })).toBeVisible();
    await expect(invitee.getByRole("tab", { name: "User Management" })).toHaveCount(0);

    // Admin resets its token from the list's quick actions, then deletes it; each says it happened.
    await page.reload();
    await userEntry(page, email)
      .getByRole("button", { name: `Reset user token of ${email}` })
      .click();
    const reset = page.getByRole("dialog", { name: "Reset Token" });
    await expect(reset.getByText(/Playback tokens issued by this user remain valid/)).toBeVisible();
    await page.screenshot({ path: test.info().outputPath("reset-token.png") });
    await expectAccessibleDialog(page, reset);
    await reset.getByRole("button", { name: "Reset token" }).click();
    await expect(reset).toBeHidden();
    await expect(page.getByRole("status").filter({ hasText: email })).toContainText(
      /has the new token key \w+\. Their bintu tokens were revoked/,
    );
    await invitee.reload();
    await expect(invitee).toHaveURL(/\/login$/);
    await userEntry(page, email)
      .getByRole("button", { name: `Delete user ${email}` })
      .click();
    const remove = page.getByRole("dialog", { name: "Delete User" });
    await expect(remove.getByText(/invalidate all existing bintu tokens for this user/)).toBeVisible();
    await page.screenshot({ path: test.info().outputPath("delete-user.png") });
    await expectAccessibleDialog(page, remove);
    await remove.getByRole("button", { name: "Delete user" }).click();
    await expect(userEntry(page, email)).toHaveCount(0);
    await expect(page.getByRole("status").filter({ hasText: email })).toHaveText(
      `${email} was deleted from the organisation.`,
    );
    await expect(userEntry(page, DEMO.admin.email).getByRole("button", { name: /^Delete user/ })).toHaveCount(0);
    await expectNoAxeViolations(page);
    await invitee.context().close();
  });

  test("a custom role is created in the roles view, granted through an invitation and filtered by", async ({
    browser,
    page,
    viewport,
  }) => {
    // Two browser sessions, an invitation accepted and three axe sweeps: about 15 s alone, and more than
    // the default minute on a busy machine (the phone run timed out wherever it happened to be then).
    test.slow();
    const suffix = `${test.info().project.name}${Date.now()}`.replace(/[^A-Za-z0-9]/g, "");
    const name = `streamer${suffix}`;
    const label = `Streamer ${suffix}`;
    await signIn(page, DEMO.admin);
    await page.getByRole("tab", { name: "Roles" }).click();
    await page.getByRole("button", { name: "Create role" }).click();
    const editor = page.getByRole("dialog", { name: "Create role" });
    await editor.getByRole("textbox", { name: /^Name/ }).fill(name);
    await editor.getByRole("textbox", { name: /^Label/ }).fill(label);
    for (const p of ["Stream.GetStreams", "Stream.CreateStream", "Tag.GetTags"])
      await editor.getByRole("checkbox", { name: p }).check();
    await expectAccessibleDialog(page, editor);
    await editor.getByRole("button", { name: "Create role" }).click();
    await expect(page.getByRole(isPhone(page) ? "listitem" : "row", { name })).toBeVisible();
    await expect(page.getByRole("status")).toHaveText(`Role ${name} was created.`);
    await page.screenshot({ path: test.info().outputPath("roles.png"), fullPage: true });
    await expectNoAxeViolations(page);

    const path = await createInvite(page, `${label} (${name})`);
    const member = await newPage(browser, viewport);
    const email = `custom-${suffix.toLowerCase()}@example.com`;
    await acceptInvite(member, path, email, new RegExp(`invited as ${label}`));
    await member.context().close();

    await page.goto("/organisation/users");
    await page.getByRole("group", { name: "Filter by role" }).getByText(label, { exact: true }).click();
    await expect(userEntry(page, email)).toBeVisible();
    await expect(userEntry(page, DEMO.admin.email)).toHaveCount(0);
    // Still held by a user: the server refuses to delete it and says why.
    await page.getByRole("tab", { name: "Roles" }).click();
    await page.getByRole("button", { name: `Delete role ${name}` }).click();
    const confirm = page.getByRole("dialog", { name: "Delete role?" });
    await expectAccessibleDialog(page, confirm);
    await confirm.getByRole("button", { name: "Delete role" }).click();
    await expect(confirm.getByText(/still assigned to 1 user/)).toBeVisible();
  });

  test("the invite dialog offers a role created elsewhere after the page was loaded", async ({ page }) => {
    const suffix = `${test.info().project.name}${Date.now()}`.replace(/[^A-Za-z0-9]/g, "");
    await signIn(page, DEMO.admin);
    await page.goto("/organisation/users");
    await page.getByRole("button", { name: "Invite new user" }).click();
    const dialog = page.getByRole("dialog", { name: "Invite new user" });
    await expect(dialog.getByLabel("Access Level", { exact: true })).toHaveValue(/nanoUser/);
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    // Another admin (here: the API) creates a role while this page stays open.
    const token = (
      (await (await page.request.post("/api/user/validate", { data: DEMO.admin })).json()) as { token: string }
    ).token;
    const created = await page.request.post("/api/permission", {
      headers: { "x-bintu-token": token },
      data: { name: `elsewhere${suffix}`, label: `Elsewhere ${suffix}`, permissions: { Stream: ["GetStreams"] } },
    });
    expect(created.status()).toBe(201);
    await page.getByRole("button", { name: "Invite new user" }).click();
    await dialog.getByLabel("Access Level", { exact: true }).click();
    await expect(page.getByRole("option", { name: `Elsewhere ${suffix} (elsewhere${suffix})` })).toBeVisible();
  });

  test("the activity view lists what happened in words, newest first, and filters by every action", async ({
    page,
  }) => {
    // Enough events for two pages, whatever ran before.
    for (let i = 0; i < 26; i++)
      expect(
        (
          await page.request.post("/api/user/validate", {
            data: { email: DEMO.readOnly.email, password: DEMO.readOnly.password },
          })
        ).ok(),
      ).toBe(true);
    await signIn(page, DEMO.admin);
    await page.getByRole("tab", { name: "Activity" }).click();
    // A table on wide screens, one card per event on phones: nothing to scroll sideways.
    const log = isPhone(page)
      ? page.getByRole("list", { name: "Activity" })
      : page.getByRole("table", { name: "Activity" });
    const entries = isPhone(page) ? log.getByRole("listitem") : log.locator("tbody tr");
    // Newest first: the admin's own sign-in, then the read-only member's.
    await expect(entries.first()).toContainText(`${DEMO.admin.email}`);
    await expect(entries.nth(1)).toContainText("Signed in");
    await expect(entries.nth(1)).toContainText(DEMO.readOnly.email);
    const texts = (await entries.allInnerTexts()).join("\n");
    expect(texts).not.toMatch(/authn_|[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      page.viewportSize()!.width,
    );
    await expectNoAxeViolations(page);
    // Older events are one cursor away; newer ones come back as they were.
    const range = page.getByText(/^Showing 1 - 25 of \d+ events$/);
    await expect(range).toBeVisible();
    const firstPage = await entries.allInnerTexts();
    await page.getByRole("button", { name: "Older events" }).click();
    await expect(page.getByText(/^Showing 26 - \d+ of \d+ events$/)).toBeVisible();
    await page.getByRole("button", { name: "Newer events" }).click();
    await expect(range).toBeVisible();
    expect(await entries.allInnerTexts()).toEqual(firstPage);

    // The filter (the platform's own menu) offers every action the server records, by name, and "All actions".
    const filter = page.getByRole("combobox", { name: "Action" });
    await expect(filter.locator("option")).toHaveCount(Object.keys(AUDIT_ACTIONS).length + 1);
    expect((await filter.locator("option").allTextContents()).sort()).toEqual(
      ["All actions", ...Object.values(AUDIT_ACTIONS)].sort(),
    );
    await filter.selectOption({ label: "Signed in" });
    await expect(entries.first()).toContainText("Signed in");
    for (const t of await entries.allInnerTexts()) expect(t).toContain("Signed in");
  });
});

import { expect, test, type Locator, type Page } from "@playwright/test";
import { DEMO } from "./support/demo.js";
import { isPhone, signIn } from "./support/fixtures.js";

const PASSWORD = "invitee passphrase 2026";

async function adminToken(page: Page): Promise<string> {
  const res = await page.request.post("/api/user/validate", { data: DEMO.admin });
  expect(res.ok()).toBe(true);
  return ((await res.json()) as { token: string }).token;
}

/** A custom role with a member holding it, made through the API so the test looks only at layout. */
async function roleWithMember(page: Page, role: { name: string; label: string }): Promise<string> {
  const headers = { "x-bintu-token": await adminToken(page) };
  const created = await page.request.post("/api/permission", {
    headers,
    data: { ...role, permissions: { Organisation: ["Get"], Stream: ["GetStreams"] } },
  });
  expect(created.ok()).toBe(true);
  const invite = await page.request.post("/api/invite", { headers, data: { role: role.name } });
  const token = ((await invite.json()) as { url: string }).url.split("/invite/")[1]!;
  const email = `${role.name.toLowerCase()}@example.com`;
  expect(
    (
      await page.request.post(`/api/invite/${token}/accept`, { data: { email, password: PASSWORD, acceptTerms: true } })
    ).status(),
  ).toBe(200);
  return email;
}

function unique(prefix: string): string {
  return `${prefix}${test.info().project.name}${Date.now()}`.replace(/[^A-Za-z0-9]/g, "").slice(0, 40);
}

/** Nothing sticks out sideways: the document is no wider than the viewport. */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const width = page.viewportSize()!.width;
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
}

/** Fully inside the viewport's width as the page stands, without scrolling anything sideways. */
async function expectWithinWidth(page: Page, target: Locator): Promise<void> {
  await expect(target).toBeVisible();
  const box = (await target.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(page.viewportSize()!.width);
}

/** A user's entry: a table row on wide screens, a card (list item) on phones. */
function userEntry(page: Page, email: string): Locator {
  return page.getByRole(isPhone(page) ? "listitem" : "row", { name: email });
}

test.describe("User Management layout", () => {
  test("a 60-character role label truncates with its full text at hand and never widens the page", async ({ page }) => {
    const name = unique("wide");
    const label = `Regional broadcast operations and quality coordinator ${name}`.slice(0, 60).padEnd(60, "x");
    expect(label).toHaveLength(60);
    const email = await roleWithMember(page, { name, label });
    await signIn(page, DEMO.admin);

    await page.goto("/organisation/users");
    const badge = userEntry(page, email).getByTitle(label);
    await expect(badge).toBeVisible();
    await expectNoSidewaysScroll(page);
    await expectWithinWidth(page, page.getByRole("button", { name: "Toggle color scheme" }));
    await expectWithinWidth(page, badge);

    // The filter chip of that role and the filtered list fit too.
    const chip = page.getByRole("group", { name: "Filter by role" }).getByTitle(label);
    await expectWithinWidth(page, chip);
    await chip.click();
    await expect(userEntry(page, email)).toBeVisible();
    await expectNoSidewaysScroll(page);

    await page.getByRole("button", { name: `Open ${email}` }).click();
    const panel = page.getByRole("dialog", { name: "User Overview" });
    await expect(panel.getByRole("heading", { name: label })).toBeVisible();
    await expectNoSidewaysScroll(page);
    await page.screenshot({ path: test.info().outputPath("long-role-panel.png") });
    await page.keyboard.press("Escape");

    await page.goto("/organisation/roles");
    await expect(page.getByTitle(label)).toBeVisible();
    await expectNoSidewaysScroll(page);
    await expectWithinWidth(page, page.getByRole("button", { name: "Toggle color scheme" }));
    await page.screenshot({ path: test.info().outputPath("long-role-roles.png"), fullPage: true });
  });

  test("quick actions of users and roles are on screen without sideways scrolling", async ({ page }) => {
    const name = unique("fit");
    await roleWithMember(page, { name, label: `Fit ${name}` });
    await signIn(page, DEMO.admin);

    await page.goto("/organisation/users");
    const entry = userEntry(page, DEMO.user.email);
    await expect(entry).toBeVisible();
    await entry.scrollIntoViewIfNeeded();
    await expectWithinWidth(page, entry.getByRole("button", { name: `Reset user token of ${DEMO.user.email}` }));
    await expectWithinWidth(page, entry.getByRole("button", { name: `Delete user ${DEMO.user.email}` }));
    await expectNoSidewaysScroll(page);
    await page.screenshot({ path: test.info().outputPath("users.png"), fullPage: true });

    await page.goto("/organisation/roles");
    const role = page.getByRole(isPhone(page) ? "listitem" : "row", { name });
    await role.scrollIntoViewIfNeeded();
    await expectWithinWidth(page, role.getByRole("button", { name: `Edit role ${name}` }));
    await expectWithinWidth(page, role.getByRole("button", { name: `Delete role ${name}` }));
    await expectNoSidewaysScroll(page);
    await page.screenshot({ path: test.info().outputPath("roles.png"), fullPage: true });
  });
});

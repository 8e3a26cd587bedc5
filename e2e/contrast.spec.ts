import { expect, test, type Page } from "@playwright/test";
import { contrastProblems, expectReadable, inBothThemes } from "./support/contrast.js";
import { DEMO } from "./support/demo.js";
import { signIn } from "./support/fixtures.js";

/** Every card's list answers 500 once, so the Overview shows its error states with "Try again". */
async function failLists(page: Page): Promise<void> {
  for (const pattern of ["**/api/tag?*", "**/api/ingest/calls?*", "**/api/event-endpoint", "**/api/playback/keys*"])
    await page.route(pattern, (route) =>
      route.request().method() === "GET"
        ? route.fulfill({
            status: 500,
            contentType: "application/json",
            body: JSON.stringify({ error: { code: "internal", message: "The server had a problem." } }),
          })
        : route.fallback(),
    );
}

test.describe("Contrast (WCAG AA, computed; axe cannot judge these backgrounds)", () => {
  test("error states with their Try again button, in both themes, at rest and hovered", async ({ page }) => {
    await signIn(page, DEMO.admin);
    await failLists(page);
    await page.reload();
    const retry = page.getByRole("button", { name: "Try again" });
    await expect(retry.first()).toBeVisible();
    expect(await retry.count()).toBeGreaterThanOrEqual(2);
    await inBothThemes(page, async (scheme) => {
      for (const alert of await page.getByRole("alert").all())
        await expectReadable(page, alert, `an error state (${scheme})`);
      await retry.first().hover();
      expect(await contrastProblems(retry.first()), `hovered Try again (${scheme})`).toEqual([]);
      await retry.first().focus();
      expect(await contrastProblems(retry.first()), `focused Try again (${scheme})`).toEqual([]);
    });
  });

  test("the Overview, its badges and package tiles, in both themes", async ({ page }) => {
    await signIn(page, DEMO.admin);
    await expect(page.getByRole("region", { name: "Enabled Packages" })).toBeVisible();
    await inBothThemes(page, (scheme) => expectReadable(page, page.locator("body"), `the Overview (${scheme})`));
  });

  test("the one-time signing secret message, in both themes", async ({ page }) => {
    await signIn(page, DEMO.admin);
    await page.getByRole("button", { name: "Manage event endpoints" }).click();
    const dialog = page.getByRole("dialog", { name: "Event endpoints" });
    await dialog.getByRole("button", { name: "Add endpoint" }).click();
    await dialog
      .getByRole("textbox", { name: "Endpoint URL" })
      .fill(`http://127.0.0.1:9/contrast-${test.info().project.name}-${Date.now()}`);
    await dialog.getByRole("button", { name: "Add endpoint" }).click();
    const secret = dialog.getByRole("status").filter({ has: page.getByTestId("one-time-secret") });
    await expect(secret).toBeVisible();
    await inBothThemes(page, (scheme) => expectReadable(page, secret, `the one-time secret (${scheme})`));
    await dialog.getByRole("button", { name: "I have copied it" }).click();
  });

  test("alerts, badges and buttons across the pages a member visits, in both themes", async ({ page }) => {
    test.slow();
    // A failed sign-in first: its alert.
    await page.goto("/login");
    await page.getByLabel(/^Email/).fill(DEMO.admin.email);
    await page.getByLabel(/^Password/).fill("not the password at all");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").first()).toBeVisible();
    await inBothThemes(page, (scheme) => expectReadable(page, page.locator("body"), `the failed sign-in (${scheme})`));
    await page.emulateMedia({ colorScheme: "light" });

    await signIn(page, DEMO.admin);
    for (const path of [
      "/organisation/users",
      "/organisation/roles",
      "/organisation/activity",
      "/streams",
      "/account",
    ]) {
      await page.goto(path);
      await expect(page.getByRole("main")).toBeVisible();
      await expect(page.getByLabel("Loading")).toHaveCount(0);
      await inBothThemes(page, (scheme) => expectReadable(page, page.locator("body"), `${path} (${scheme})`));
    }
    // A stream's page: state badge, tags, playout.
    await page.goto("/streams");
    await page.locator("main a[href^='/streams/']").first().click();
    await expect(page).toHaveURL(/\/streams\/[0-9a-f-]+$/);
    await expect(page.getByLabel("Loading")).toHaveCount(0);
    await inBothThemes(page, (scheme) => expectReadable(page, page.locator("body"), `a stream page (${scheme})`));

    // The invitation dialog: its warning callout, then the link it shows only once.
    await page.goto("/organisation/users?invite=1");
    const invite = page.getByRole("dialog", { name: "Invite new user" });
    await expect(invite).toBeVisible();
    await inBothThemes(page, (scheme) => expectReadable(page, invite, `the invite dialog (${scheme})`));
    await invite.getByRole("button", { name: "Generate New Invite Token" }).click();
    await expect(invite.getByRole("textbox", { name: "Invite link" })).toBeVisible();
    await inBothThemes(page, (scheme) => expectReadable(page, invite, `the created invitation (${scheme})`));
  });
});

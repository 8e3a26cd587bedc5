import { expect, test, type Page } from "@playwright/test";
import { DEMO } from "./support/demo.js";
import {
  expectNoAxeViolations,
  isPhone,
  sessionToken,
  signIn,
  streamEntries,
  trackRequests,
} from "./support/fixtures.js";

/** No horizontal scrolling of the page itself, and axe finds nothing at any impact. */
async function clean(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
    page.viewportSize()!.width,
  );
  await expectNoAxeViolations(page);
}

test.describe("Every page and dialog is accessible (axe, any impact)", () => {
  test("pages a visitor without a session can reach", async ({ page }) => {
    for (const [path, heading] of [
      ["/login", /sign in/i],
      ["/invite/odi_000000000000000000000000000000000000", /invitation/i],
      ["/reset-password/odr_000000000000000000000000000000000000", /reset link|link/i],
    ] as const) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1, name: heading }).first()).toBeVisible();
      await clean(page);
    }
  });

  test("every page of a signed-in admin, and the page for a wrong address", async ({ page }) => {
    test.slow(); // nine pages, each loaded afresh and settled before axe runs
    const requests = trackRequests(page);
    await signIn(page, DEMO.admin);
    const pages: Array<[string, RegExp | string]> = [
      ["/organisation/overview", DEMO.orgName],
      ["/organisation/users", DEMO.orgName],
      ["/organisation/roles", DEMO.orgName],
      ["/organisation/activity", DEMO.orgName],
      ["/streams", "Streams"],
      ["/account", /account/i],
      ["/analytics", "Analytics"],
      ["/no-such-page", "Page not found"],
    ];
    for (const [path, heading] of pages) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
      await requests.quiet();
      await clean(page);
    }
    await page.goto("/streams");
    await streamEntries(page).first().getByRole("link").first().click();
    await expect(page.getByRole("heading", { level: 1, name: /^demo0-/ })).toBeVisible();
    await clean(page);
  });

  test("the account menu, and the overview's and streams' dialogs", async ({ page }) => {
    await signIn(page, DEMO.admin);
    if (isPhone(page)) {
      await page.getByRole("button", { name: "Open menu" }).click();
      await expect(page.getByRole("dialog", { name: "Menu" })).toBeVisible();
      await clean(page);
      await page.getByRole("button", { name: "Close menu" }).click();
      await expect(page.getByRole("dialog", { name: "Menu" })).toBeHidden();
    } else {
      await page.getByRole("button", { name: "Account menu" }).click();
      await expect(page.getByRole("menu")).toBeVisible();
      await clean(page);
      await page.keyboard.press("Escape");
      await expect(page.getByRole("menu")).toBeHidden();
    }

    // Making VODs public asks first (turning them private does not).
    const vod = page.getByRole("switch", { name: "VODs are public." });
    await expect(vod).toBeEnabled();
    if (await vod.isChecked()) await vod.click({ force: true });
    await expect(vod).not.toBeChecked();
    await vod.click({ force: true });
    const makePublic = page.getByRole("dialog", { name: "Make VODs public?" });
    await expect(makePublic).toBeVisible();
    await clean(page);
    await makePublic.getByRole("button", { name: "Make VODs public" }).click();
    await expect(vod).toBeChecked();

    await page.getByRole("button", { name: "Edit webhook" }).click();
    await page.getByLabel("Webhook URL").fill("https://hooks.example.com/a11y");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByRole("button", { name: "Edit webhook" }).click();
    await page.getByRole("button", { name: "Clear" }).click();
    const removeHook = page.getByRole("dialog", { name: "Remove the webhook?" });
    await expect(removeHook).toBeVisible();
    await clean(page);
    await removeHook.getByRole("button", { name: "Remove webhook" }).click();
    await expect(page.getByLabel("Current webhook")).toHaveText("Click on the edit icon to update.");

    const created = (await (
      await page.request.post("/api/stream", {
        headers: { authorization: `Bearer ${await sessionToken(page)}` },
        data: { tags: ["a11y-sweep"] },
      })
    ).json()) as { name: string };
    await page.goto("/streams?tag=a11y-sweep");
    for (const op of ["Lock stream", "Delete stream"]) {
      await streamEntries(page, created.name)
        .getByRole("button", { name: `${op} ${created.name}` })
        .click();
      const dialog = page.getByRole("dialog", { name: `${op}?` });
      await expect(dialog).toBeVisible();
      await clean(page);
      await dialog.getByRole("button", { name: "Cancel" }).click();
      await expect(dialog).toBeHidden();
    }
    await page.getByRole("button", { name: "Create stream" }).click();
    await expect(page.getByRole("dialog", { name: "Create stream" })).toBeVisible();
    await clean(page);
  });
});

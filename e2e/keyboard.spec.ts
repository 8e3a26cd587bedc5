import { expect, test, type Locator, type Page } from "@playwright/test";
import { DEMO } from "./support/demo.js";
import { signIn } from "./support/fixtures.js";

/** The focused element is `control` (compared in the page, so a re-rendered twin does not count). */
async function expectFocused(control: Locator): Promise<void> {
  await expect.poll(() => control.evaluate((el) => el === document.activeElement)).toBe(true);
}

async function titleOf(page: Page, path: string): Promise<string> {
  await page.goto(path);
  await expect(page.getByRole("main")).toBeVisible();
  await expect.poll(() => page.title()).not.toBe("orgdeck");
  return page.title();
}

test.describe("Keyboard and page identity", () => {
  test("Escape closes only the top dialog, focus goes back to what opened each, and nothing stale comes back", async ({
    page,
  }) => {
    await signIn(page, DEMO.admin);
    await page.goto("/organisation/users");
    const opener = page.getByRole("button", { name: `Open ${DEMO.user.email}` });
    await opener.click();
    const panel = page.getByRole("dialog", { name: "User Overview" });
    await expect(panel).toBeVisible();
    const update = panel.getByRole("button", { name: "Update Permission" });
    await update.click();
    const dialog = page.getByRole("dialog", { name: "Update User Role" });
    await expect(dialog).toBeVisible();

    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await expect(panel).toBeVisible();
    await expectFocused(update);

    await page.keyboard.press("Escape");
    await expect(panel).toBeHidden();
    await expectFocused(opener);

    // The panel opens again without the dialog it had before.
    await opener.click();
    await expect(panel).toBeVisible();
    await expect(panel.getByRole("button", { name: "Update Permission" })).toBeVisible();
    await expect(dialog).toHaveCount(0);
    await page.keyboard.press("Escape");
    await expect(panel).toBeHidden();
  });

  test("dialogs loaded on demand give focus back to their button", async ({ page }) => {
    await signIn(page, DEMO.admin);
    // The event endpoints dialog: its code loads when first opened.
    const manage = page.getByRole("button", { name: "Manage event endpoints" });
    await manage.click();
    const endpoints = page.getByRole("dialog", { name: "Event endpoints" });
    await expect(endpoints).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(endpoints).toBeHidden();
    await expectFocused(manage);

    // A confirmation (also loaded on demand), closed with its Cancel button.
    const rotate = page.getByRole("button", { name: "Rotate", exact: true });
    await rotate.click();
    const confirm = page.getByRole("dialog", { name: "Rotate the webhook signing secret?" });
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await expect(confirm).toBeHidden();
    await expectFocused(rotate);
  });

  test("the first Tab reaches a skip link that moves focus to the page's content", async ({ page }) => {
    await signIn(page, DEMO.admin);
    await page.goto("/streams");
    await expect(page.getByRole("main")).toBeVisible();
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip to main content" });
    await expectFocused(skip);
    await expect(skip).toBeInViewport();
    await page.keyboard.press("Enter");
    await expectFocused(page.getByRole("main"));
    // The next Tab lands inside the content, past the header's links.
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.closest("main") !== null)).toBe(true);
  });

  test("every page has its own title and the dashboard has an icon", async ({ page, request }) => {
    await page.goto("/login");
    await expect.poll(() => page.title()).toBe("Sign in · orgdeck");
    await signIn(page, DEMO.admin);
    const titles = new Map<string, string>();
    for (const path of [
      "/organisation/overview",
      "/organisation/users",
      "/organisation/roles",
      "/organisation/activity",
      "/streams",
      "/account",
    ])
      titles.set(path, await titleOf(page, path));
    expect(titles.get("/streams")).toBe("Streams · orgdeck");
    expect(titles.get("/organisation/users")).toBe("User Management · orgdeck");
    expect(new Set(titles.values()).size).toBe(titles.size);
    for (const title of titles.values()) expect(title).toMatch(/^.+ · orgdeck$/);

    // A stream's page is named after its stream.
    await page.goto("/streams");
    const first = page.locator("main a[href^='/streams/']").first();
    await first.click();
    await expect(page).toHaveURL(/\/streams\/[^/]+$/);
    const id = new URL(page.url()).pathname.split("/")[2]!;
    const token = await page.evaluate(async () => {
      const res = await fetch("/api/user/validate", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: "admin@demo.orgdeck.test", password: "demo-admin-passphrase" }),
      });
      return ((await res.json()) as { token: string }).token;
    });
    const stream = (await (await request.get(`/api/stream/${id}`, { headers: { "x-bintu-token": token } })).json()) as {
      name: string;
    };
    await expect.poll(() => page.title()).toBe(`${stream.name} · Streams · orgdeck`);

    const icon = await page.locator("link[rel='icon']").getAttribute("href");
    expect(icon).toMatch(/\.svg$/);
    const res = await request.get(new URL(icon!, page.url()).toString());
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toContain("image/svg+xml");
    expect(await res.text()).toContain("<svg");
  });
});

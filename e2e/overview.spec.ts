import { expect, test } from "@playwright/test";
import { DEMO } from "./support/demo.js";
import { expectNoAxeViolations, isPhone, openAccountEntry, sessionToken, signIn } from "./support/fixtures.js";

test.describe("Organisation Overview", () => {
  test("login page is accessible and refuses a wrong password", async ({ page }) => {
    await page.goto("/login");
    await expectNoAxeViolations(page);
    await page.getByLabel(/^Email/).fill(DEMO.admin.email);
    await page.getByLabel(/^Password/).fill("not the password at all");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert")).toContainText("Invalid email or password");
    await page.screenshot({ path: test.info().outputPath("login-error.png"), fullPage: true });
  });

  test("admin sees the seeded organisation and reveals and copies the API key", async ({ page, context, baseURL }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL! });
    await signIn(page, DEMO.admin);
    await expect(page.getByRole("heading", { level: 1, name: DEMO.orgName })).toBeVisible();
    await expect(page.getByText("Basic Support")).toBeVisible();
    await expect(page.getByText("Premium Analytics")).toBeVisible();
    await expect(page.getByRole("group", { name: "VOD: Enabled" })).toBeVisible();
    await expect(page.getByRole("group", { name: "Secure: Upgrade needed" })).toBeVisible();
    await expect(page.getByRole("tab", { name: "Overview" })).toHaveAttribute("aria-selected", "true");

    const apiKey = page.getByTestId("secret-Api Key");
    await expect(apiKey).not.toContainText("odk_");
    const revealed = page.waitForResponse((r) => r.url().endsWith("/api/organisation/apikey"));
    await page.getByRole("button", { name: "Show Api Key" }).click();
    expect((await revealed).headers()["cache-control"]).toBe("no-store");
    await expect(apiKey).toContainText(/^odk_[0-9A-Za-z]{36}$/);
    const key = (await apiKey.textContent())!;
    await page.getByRole("button", { name: "Copy Api Key" }).click();
    await expect(page.getByRole("button", { name: "Copied Api Key" })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
    await page.getByRole("button", { name: "Hide Api Key" }).click();
    await expect(apiKey).not.toContainText("odk_");
    expect(await page.evaluate(() => JSON.stringify(localStorage))).not.toContain(key);
    await page.screenshot({ path: test.info().outputPath("overview-admin.png"), fullPage: true });
    await expectNoAxeViolations(page);
  });

  test("a nanoUser has no API key row and cannot edit the webhook or VOD switch", async ({ page }) => {
    await signIn(page, DEMO.user);
    await expect(page.getByText("Player Key", { exact: true })).toBeVisible();
    await expect(page.getByText("Bintu Token", { exact: true })).toBeVisible();
    await expect(page.getByText("Api Key", { exact: true })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Edit webhook" })).toHaveCount(0);
    await expect(page.getByRole("group", { name: "Signing secret" })).toHaveCount(0);
    await expect(page.getByRole("switch", { name: "VODs are public." })).toBeDisabled();
    await page.screenshot({ path: test.info().outputPath("overview-user.png"), fullPage: true });
  });

  test("admin edits the webhook, sees the server's validation error, saves and clears it", async ({ page }) => {
    await signIn(page, DEMO.admin);
    await page.getByRole("button", { name: "Edit webhook" }).click();
    const input = page.getByLabel("Webhook URL");
    await input.fill("ftp://hooks.example.com/publish");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText("webhook must use https://")).toBeVisible();
    await expect(input).toHaveValue("ftp://hooks.example.com/publish");
    await input.fill("https://user:secret@hooks.example.com/publish");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText("webhook must not contain a user name or password")).toBeVisible();
    await input.fill("https://hooks.example.com/publish");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByLabel("Current webhook")).toHaveText("https://hooks.example.com/publish");
    await page.reload();
    await expect(page.getByLabel("Current webhook")).toHaveText("https://hooks.example.com/publish");

    await page.getByRole("button", { name: "Edit webhook" }).click();
    await page.getByRole("button", { name: "Clear" }).click();
    const dialog = page.getByRole("dialog", { name: "Remove the webhook?" });
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: "Remove webhook" }).click();
    await expect(page.getByLabel("Current webhook")).toHaveText("Click on the edit icon to update.");
  });

  test("admin reveals the webhook signing secret and rotates it behind a confirmation", async ({ page, request }) => {
    await signIn(page, DEMO.admin);
    const headers = { "X-BINTU-TOKEN": await sessionToken(page) };
    const current = async () =>
      ((await (await request.get("/api/organisation/webhook/secret", { headers })).json()) as { secret: string })
        .secret;
    const group = page.getByRole("group", { name: "Signing secret" });
    const value = page.getByTestId("secret-Webhook signing secret");
    await expect(value).not.toContainText("whsec_");
    const revealed = page.waitForResponse((r) => r.url().endsWith("/api/organisation/webhook/secret"));
    await group.getByRole("button", { name: "Show Webhook signing secret" }).click();
    expect((await revealed).headers()["cache-control"]).toBe("no-store");
    await expect(value).toHaveText(/^whsec_[A-Za-z0-9+/=]+$/);
    const before = (await value.textContent())!;
    expect(before).toBe(await current());

    await group.getByRole("button", { name: "Rotate" }).click();
    const dialog = page.getByRole("dialog", { name: "Rotate the webhook signing secret?" });
    await expect(dialog).toContainText("24 hours");
    await expectNoAxeViolations(page);
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
    expect(await current()).toBe(before);

    await group.getByRole("button", { name: "Rotate" }).click();
    await page
      .getByRole("dialog", { name: "Rotate the webhook signing secret?" })
      .getByRole("button", { name: "Rotate secret" })
      .click();
    await expect(page.getByRole("status").filter({ hasText: "Secret rotated" })).toBeVisible();
    // The new secret is masked again, and revealing it shows the one the server now signs with.
    await expect(value).not.toContainText("whsec_");
    await group.getByRole("button", { name: "Show Webhook signing secret" }).click();
    const after = (await value.textContent())!;
    expect(after).toMatch(/^whsec_/);
    expect(after).not.toBe(before);
    expect(after).toBe(await current());
    await page.screenshot({ path: test.info().outputPath("webhook-secret-rotated.png"), fullPage: true });
    await expectNoAxeViolations(page);
  });

  test("admin turns VODs private at once and public only after confirming", async ({ page }) => {
    await signIn(page, DEMO.admin);
    const toggle = page.getByRole("switch", { name: "VODs are public." });
    await expect(toggle).toBeChecked();
    await expect(toggle).toBeEnabled();
    await toggle.click({ force: true });
    await expect(toggle).not.toBeChecked();
    await toggle.click({ force: true });
    const dialog = page.getByRole("dialog", { name: "Make VODs public?" });
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
    await expect(toggle).not.toBeChecked();
    await toggle.click({ force: true });
    await page
      .getByRole("dialog", { name: "Make VODs public?" })
      .getByRole("button", { name: "Make VODs public" })
      .click();
    await expect(toggle).toBeChecked();
    await page.reload();
    await expect(page.getByRole("switch", { name: "VODs are public." })).toBeChecked();
  });

  test("tags are paged 35 at a time", async ({ page }) => {
    await signIn(page, DEMO.readOnly);
    const tags = page.getByRole("list", { name: "Tags" }).getByRole("listitem");
    // Other tests may add tags to the shared demo organisation; it starts with 40.
    const first = page.getByText(/^Showing 1 - 35 of \d+ tags$/);
    await expect(first).toBeVisible();
    const total = Number(/of (\d+) tags/.exec((await first.textContent())!)![1]);
    expect(total).toBeGreaterThanOrEqual(DEMO.tagCount);
    expect(total).toBeLessThanOrEqual(70);
    await expect(tags).toHaveCount(35);
    await page.getByRole("button", { name: "Next tags page" }).click();
    await expect(page.getByText(`Showing 36 - ${total} of ${total} tags`)).toBeVisible();
    await expect(tags).toHaveCount(total - 35);
    await expect(page.getByRole("button", { name: "Next tags page" })).toBeDisabled();
    await page.getByRole("button", { name: "Previous tags page" }).click();
    await expect(first).toBeVisible();
  });

  test("the account menu leads to My Organisation and logs out", async ({ page }) => {
    await signIn(page, DEMO.readOnly);
    await page.goto("/does-not-exist");
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    if (isPhone(page)) {
      await expect(page.getByRole("button", { name: "Account menu" })).toHaveCount(0);
      await page.getByRole("button", { name: "Open menu" }).click();
      const nav = page.getByRole("navigation", { name: "Account" });
      await expect(nav.getByText("Account", { exact: true })).toBeVisible();
      await nav.getByRole("link", { name: "My Organisation" }).click();
    } else {
      await page.getByRole("button", { name: "Account menu" }).click();
      await page.getByRole("menuitem", { name: "My Organisation" }).click();
    }
    await expect(page).toHaveURL(/\/organisation\/overview$/);
    await expect(page.getByRole("heading", { level: 1, name: DEMO.orgName })).toBeVisible();
    await page.screenshot({ path: test.info().outputPath("account-menu.png"), fullPage: true });

    await openAccountEntry(page, "Logout");
    await expect(page).toHaveURL(/\/login$/);
  });

  test("a revoked token sends the user back to login with a message", async ({ page, request }) => {
    await signIn(page, DEMO.user);
    await expect(page.getByText(/^Showing 1 - 35 of/)).toBeVisible();
    const token = await sessionToken(page);
    const res = await request.post("/api/user/logout", { headers: { "x-bintu-token": token } });
    expect(res.status()).toBe(200);
    // The next call the dashboard makes with the dead token ends the session.
    await page.reload();
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByText("Your session has expired or was revoked. Please log in again.")).toBeVisible();
  });

  test("deep links load the app, and /organisation opens the overview", async ({ page }) => {
    await page.goto("/organisation");
    await expect(page).toHaveURL(/\/login$/);
    await signIn(page, DEMO.admin);
    await page.goto("/organisation");
    await expect(page).toHaveURL(/\/organisation\/overview$/);
  });
});

test.describe("Dark theme", () => {
  test.use({ colorScheme: "dark" });

  test("the overview, users and streams pages stay accessible in the dark theme", async ({ page }) => {
    await signIn(page, DEMO.admin);
    await expect(page.getByRole("heading", { level: 1, name: DEMO.orgName })).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.getAttribute("data-mantine-color-scheme"))).toBe("dark");
    await expectNoAxeViolations(page);
    for (const [path, list] of [
      ["/organisation/users", "Users"],
      ["/streams", "Streams"],
    ] as const) {
      await page.goto(path);
      // Tables on wide screens, cards on phones.
      await expect(page.getByRole(isPhone(page) ? "list" : "table", { name: list })).toBeVisible();
      await expectNoAxeViolations(page);
    }
    await page.screenshot({ path: test.info().outputPath("dark.png"), fullPage: true });
  });
});

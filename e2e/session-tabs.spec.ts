import { expect, test } from "@playwright/test";
import { DEMO } from "./support/demo.js";
import { expectNoAxeViolations, openAccountEntry, sessionToken, signIn } from "./support/fixtures.js";

/**
 * One sign-in per browser: the session is an HttpOnly cookie every tab sends (web/lib/session.ts), so
 * new tabs and reloads keep it, nothing secret sits in localStorage, and signing out in one tab signs
 * out the others at once.
 */
for (const colorScheme of ["light", "dark"] as const) {
  test.describe(`one session for every tab (${colorScheme})`, () => {
    test.use({ colorScheme });

    test("a new tab and a reload keep the session; sign-out in one tab signs out the other", async ({
      page,
      context,
    }) => {
      await signIn(page, DEMO.admin);
      const token = await sessionToken(page);
      expect(token).toMatch(/^odt_/);
      const cookies = await context.cookies();
      const session = cookies.find((c) => c.name === "orgdeck_session");
      expect(session?.httpOnly).toBe(true);
      expect(session?.sameSite).toBe("Strict");
      // Page scripts cannot read it, and no token is kept where every tab (and the disk) holds it.
      expect(await page.evaluate(() => document.cookie)).not.toContain("odt_");
      expect(await page.evaluate(() => JSON.stringify(localStorage))).not.toContain(token);

      // A URL typed into a new tab (no sessionStorage copied over) opens signed in.
      const other = await context.newPage();
      await other.goto("/streams");
      await expect(other).toHaveURL(/\/streams$/);
      await expect(other.getByRole("heading", { level: 1, name: "Streams" })).toBeVisible();
      // Only the tab that signed in shows the bintu token; the other says where it is.
      await other.goto("/organisation/overview");
      await expect(other.getByText("Shown in the tab where you signed in")).toBeVisible();
      await expectNoAxeViolations(other);
      await other.screenshot({ path: test.info().outputPath("second-tab-overview.png"), fullPage: true });
      await other.reload();
      await expect(other.getByRole("heading", { level: 1, name: DEMO.orgName })).toBeVisible();

      // No sign-in was spent by the new tab: the same token still answers.
      expect((await page.request.get("/api/user/me", { headers: { "x-bintu-token": token } })).status()).toBe(200);

      // Sign out in the second tab: the first shows the sign-in page without any click.
      await openAccountEntry(other, "Logout");
      await expect(other).toHaveURL(/\/login$/);
      await expect(page).toHaveURL(/\/login$/, { timeout: 5000 });
      await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
      // The token is revoked on the server, not merely forgotten, and the cookie is gone.
      expect((await page.request.get("/api/user/me", { headers: { "x-bintu-token": token } })).status()).toBe(401);
      expect((await context.cookies()).some((c) => c.name === "orgdeck_session")).toBe(false);
      // A fresh tab lands on sign-in too.
      const third = await context.newPage();
      await third.goto("/organisation/overview");
      await expect(third).toHaveURL(/\/login$/);
    });
  });
}

test("another site's form cannot act with the session (CSRF)", async ({ page, baseURL }) => {
  await signIn(page, DEMO.admin);
  // The same request the dashboard makes, but without the header only its own scripts add.
  const forged = await page.evaluate(async () => {
    const res = await fetch("/api/stream", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    return res.status;
  });
  expect(forged).toBe(403);
  // A cross-site form post is refused by the browser's own marking of it.
  const crossSite = await page.request.post(`${baseURL}/api/stream`, {
    headers: { "sec-fetch-site": "cross-site", "x-requested-with": "x" },
    data: {},
  });
  expect(crossSite.status()).toBe(403);
});

import AxeBuilder from "@axe-core/playwright";
import { expect, type Locator, type Page, type Request } from "@playwright/test";

export async function signIn(page: Page, who: { email: string; password: string }): Promise<void> {
  await page.goto("/login");
  await page.getByLabel(/^Email/).fill(who.email);
  await page.getByLabel(/^Password/).fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/organisation\/overview$/);
}

/** Fails with the list of violations, so a report names what to fix. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  // Let hover tooltips close first: they are transient and live outside the page's landmarks.
  await page.mouse.move(0, 0);
  await expect(page.getByRole("tooltip")).toHaveCount(0);
  const results = await new AxeBuilder({ page }).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(summary).toEqual([]);
}

export function isPhone(page: Page): boolean {
  return (page.viewportSize()?.width ?? 1280) <= 600;
}

/** The signed-in user's bintu token, as the dashboard keeps it. */
export async function sessionToken(page: Page): Promise<string> {
  const raw = await page.evaluate(() => sessionStorage.getItem("orgdeck.session"));
  return (JSON.parse(raw ?? "{}") as { token: string }).token;
}

/** Opens an entry of the account menu: the profile menu on desktop, the phone menu's Account section. */
export async function openAccountEntry(page: Page, label: string): Promise<void> {
  if (isPhone(page)) {
    await page.getByRole("button", { name: "Open menu" }).click();
    await page
      .getByRole("navigation", { name: "Account" })
      .getByRole(label === "Logout" ? "button" : "link", { name: label })
      .click();
  } else {
    await page.getByRole("button", { name: "Account menu" }).click();
    await page.getByRole("menuitem", { name: label }).click();
  }
}

/** The streams list: a table on wide screens, one card per stream on phones. */
export function streamList(page: Page): Locator {
  return page.getByRole(isPhone(page) ? "list" : "table", { name: "Streams" });
}

/** The list's entries (table body rows or cards); `name` picks the one of a stream. */
export function streamEntries(page: Page, name?: string | RegExp): Locator {
  const role = isPhone(page) ? "listitem" : "row";
  return name === undefined
    ? isPhone(page)
      ? streamList(page).getByRole("listitem")
      : streamList(page).locator("tbody tr")
    : streamList(page).getByRole(role, { name });
}

/**
 * Playwright's "networkidle", minus the dashboard's live-update stream, which stays open as long as the
 * page does (so networkidle would never come once it has started). Call before the page loads; then
 * `quiet()` waits until no other request has been in flight for 500 ms.
 */
export function trackRequests(page: Page): { quiet: (timeout?: number) => Promise<void> } {
  const open = new Set<Request>();
  let changed = Date.now();
  page.on("request", (r) => {
    if (new URL(r.url()).pathname === "/api/live-updates") return;
    open.add(r);
    changed = Date.now();
  });
  const done = (r: Request) => {
    if (open.delete(r)) changed = Date.now();
  };
  page.on("requestfinished", done);
  page.on("requestfailed", done);
  return {
    quiet: (timeout = 30_000) =>
      expect
        .poll(() => (open.size === 0 && Date.now() - changed >= 500 ? "quiet" : `${open.size} in flight`), {
          timeout,
          intervals: [100],
        })
        .toBe("quiet"),
  };
}

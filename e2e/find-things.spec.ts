import { spawnSync } from "node:child_process";
import path from "node:path";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { e2eDir } from "./support/demo.js";
import { expectNoAxeViolations, isPhone, signIn, streamEntries } from "./support/fixtures.js";

/** An organisation of its own with 2 000 streams, so the demo organisation the other tests use stays as it is. */
const FIND = { hash: "find0", email: "admin@find.orgdeck.test", password: "find-things-admin-passphrase" };
const STREAMS = 2000;

/** Creates the organisation with the operator CLI (once) and tops it up to 2 000 streams through the API. */
async function seed(request: APIRequestContext): Promise<string[]> {
  const dir = e2eDir();
  const cli = spawnSync(
    process.execPath,
    [
      path.resolve("bin", "orgdeck.mjs"),
      "org:create",
      "--name",
      "Find Things Ltd",
      "--hash",
      FIND.hash,
      "--admin-email",
      FIND.email,
      "--admin-password",
      FIND.password,
    ],
    {
      env: { ...process.env, DATABASE_URL: `sqlite:${path.join(dir, "e2e.db")}`, ORGDECK_DATA_DIR: dir },
      encoding: "utf8",
    },
  );
  if (cli.status !== 0 && !/exists|already|taken/i.test(cli.stderr)) throw new Error(`org:create: ${cli.stderr}`);
  const login = await request.post("/api/user/validate", { data: { email: FIND.email, password: FIND.password } });
  expect(login.status()).toBe(200);
  const headers = { "x-bintu-token": (await login.json()).token as string };
  const have = (await (await request.get("/api/stream?limit=1", { headers })).json()).total as number;
  let todo = STREAMS - have;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (todo-- > 0) {
        const res = await request.post("/api/stream", { headers, data: { tags: [] } });
        expect(res.status()).toBe(201);
      }
    }),
  );
  const names: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await (
      await request.get(`/api/stream?sort=name&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, {
        headers,
      })
    ).json();
    names.push(...page.streams.map((s: { name: string }) => s.name));
    cursor = page.next;
  } while (cursor);
  return names;
}

const shownNames = (page: Page) => streamEntries(page).getByRole("link").allInnerTexts();

test.describe("Finding streams among 2 000", () => {
  test.describe.configure({ timeout: 180_000 });
  let names: string[] = [];
  test.beforeAll(async ({ request }) => {
    names = await seed(request);
    expect(names).toHaveLength(STREAMS);
  });

  test("search by name, sort by name both ways, jump to pages and see the total", async ({ page }) => {
    await signIn(page, FIND);
    const apiAnswers: number[] = [];
    await page.goto("/streams");
    await expect(page.getByText(/^2,000 streams$/)).toBeVisible();
    await expect(page.getByText(/^Showing 1 - 25 of 2000 streams$/)).toBeVisible();

    // First rows soon after the API answers (issue 23 measured 0.65–1.0 s): measured in the page itself.
    await page.reload();
    const timing = await page.evaluate(async () => {
      const row = () => document.querySelector('table[aria-label="Streams"] tbody tr, ul[aria-label="Streams"] li');
      while (!row()) await new Promise((r) => requestAnimationFrame(r));
      const shown = performance.now();
      const api = performance.getEntriesByType("resource").find((e) => new URL(e.name).pathname === "/api/stream") as
        PerformanceResourceTiming | undefined;
      return { shown, answered: api?.responseEnd ?? 0 };
    });
    apiAnswers.push(timing.shown - timing.answered);
    test
      .info()
      .annotations.push({ type: "first rows after the API answered (ms)", description: apiAnswers.join(", ") });
    expect(timing.answered).toBeGreaterThan(0);
    expect(timing.shown - timing.answered).toBeLessThan(1000);

    // Prefix search: the part after the organisation's hash is enough.
    const target = names[1234]!;
    const tail = target.slice(FIND.hash.length + 1);
    await page.getByLabel("Search by name").fill(tail.slice(0, 3));
    await expect(page).toHaveURL(new RegExp(`q=${tail.slice(0, 3)}`));
    const prefixed = names.filter((n) => n.startsWith(`${FIND.hash}-${tail.slice(0, 3)}`));
    await expect(page.getByText(new RegExp(`^${prefixed.length} matching streams?$`))).toBeVisible();
    await expect(streamEntries(page)).toHaveCount(Math.min(prefixed.length, 25));
    for (const n of await shownNames(page)) expect(n.startsWith(`${FIND.hash}-${tail.slice(0, 3)}`)).toBe(true);

    // Substring, any case.
    const mid = tail.slice(1, 4).toLowerCase();
    await page.getByLabel("Search by name").fill(mid);
    // The URL holds the choice; the router applies it in a transition, so the box is checked a moment later.
    await page.getByLabel("Match anywhere in the name").click();
    await expect(page.getByLabel("Match anywhere in the name")).toBeChecked();
    const containing = names.filter((n) => n.toLowerCase().includes(mid));
    await expect(page.getByText(new RegExp(`^${containing.length} matching streams?$`))).toBeVisible();
    for (const n of await shownNames(page)) expect(n.toLowerCase()).toContain(mid);
    await page.screenshot({ path: test.info().outputPath("search.png"), fullPage: true });

    // Clear the search; sort by name A–Z and Z–A.
    await page.getByLabel("Search by name").fill("");
    await expect(page.getByText(/^2,000 streams$/)).toBeVisible();
    const sortBy = async (value: string, header: RegExp) => {
      if (isPhone(page)) await page.getByLabel("Sort").selectOption(value);
      else await page.getByRole("button", { name: header }).click();
    };
    await sortBy("name:asc", /^Sort by name, ascending$/);
    await expect(page).toHaveURL(/sort=name/);
    await expect.poll(() => shownNames(page)).toEqual(names.slice(0, 25));
    await sortBy("name:desc", /^Sort by name, descending$/);
    await expect(page).toHaveURL(/dir=desc/);
    const desc = [...names].reverse();
    await expect.poll(() => shownNames(page)).toEqual(desc.slice(0, 25));

    // Page jumps: the last page, back to the first, page 3 (desktop), then next and previous.
    await page.getByRole("button", { name: "Last streams page" }).click();
    await expect(page.getByText(/^Showing 1976 - 2000 of 2000 streams$/)).toBeVisible();
    await expect.poll(() => shownNames(page)).toEqual(desc.slice(1975));
    await expect(page.getByRole("button", { name: "Next streams page" })).toBeDisabled();
    await page.getByRole("button", { name: "First streams page" }).click();
    await expect(page.getByText(/^Showing 1 - 25 of 2000 streams$/)).toBeVisible();
    await expect.poll(() => shownNames(page)).toEqual(desc.slice(0, 25));
    if (!isPhone(page)) {
      await page.getByRole("button", { name: "Page 3", exact: true }).click();
      await expect(page.getByText(/^Showing 51 - 75 of 2000 streams$/)).toBeVisible();
      await expect.poll(() => shownNames(page)).toEqual(desc.slice(50, 75));
      await expect(page.getByRole("button", { name: "Page 3", exact: true })).toHaveAttribute("aria-current", "page");
    } else {
      await page.getByRole("button", { name: "Next streams page" }).click();
      await page.getByRole("button", { name: "Next streams page" }).click();
      await expect(page.getByText("Page 3 of 80")).toBeVisible();
    }
    await page.getByRole("button", { name: "Next streams page" }).click();
    await expect(page.getByText(/^Showing 76 - 100 of 2000 streams$/)).toBeVisible();
    await expect.poll(() => shownNames(page)).toEqual(desc.slice(75, 100));
    await page.getByRole("button", { name: "Previous streams page" }).click();
    await expect.poll(() => shownNames(page)).toEqual(desc.slice(50, 75));
    await page.screenshot({ path: test.info().outputPath("sorted.png"), fullPage: true });
    await expectNoAxeViolations(page);
  });

  test("sort by state and by update time; the order survives a reload from the URL", async ({ page }) => {
    await signIn(page, FIND);
    await page.goto("/streams?sort=updated&dir=asc");
    await expect(page.getByText(/^Showing 1 - 25 of 2000 streams$/)).toBeVisible();
    const oldest = await shownNames(page);
    await page.reload();
    await expect.poll(() => shownNames(page)).toEqual(oldest);
    if (!isPhone(page))
      await expect(page.getByRole("columnheader", { name: /updated/i })).toHaveAttribute("aria-sort", "ascending");
    await page.goto("/streams?sort=state");
    await expect(page.getByText(/^Showing 1 - 25 of 2000 streams$/)).toBeVisible();
    await page.getByRole("button", { name: "Next streams page" }).click();
    await expect(page.getByText(/^Showing 26 - 50 of 2000 streams$/)).toBeVisible();
    await page.getByRole("button", { name: "Previous streams page" }).click();
    await expect(page.getByText(/^Showing 1 - 25 of 2000 streams$/)).toBeVisible();
  });
});

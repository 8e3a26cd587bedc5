import { spawnSync } from "node:child_process";
import path from "node:path";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { DEMO, E2E_INGEST_SECRET, e2eDir } from "./support/demo.js";
import { expectNoAxeViolations, isPhone, sessionToken, signIn, trackRequests } from "./support/fixtures.js";

/** A stream of the demo organisation, published with one RTMP player, as nginx-rtmp would report it. */
async function liveStream(page: Page, request: APIRequestContext) {
  const token = await sessionToken(page);
  const created = (await (
    await request.post("/api/stream", { headers: { "x-bintu-token": token }, data: { tags: ["e2e-analytics"] } })
  ).json()) as { id: string; name: string };
  const callback = (call: string, name: string) =>
    request.post(`/api/ingest/rtmp?secret=${E2E_INGEST_SECRET}&node=10.9.8.7:8080`, {
      headers: { "content-type": "application/x-www-form-urlencoded" },
      data: `app=live&addr=198.51.100.70&clientid=7&call=${call}&name=${name}`,
    });
  expect((await callback("publish", created.name)).status()).toBe(200);
  expect((await callback("play", created.name)).status()).toBe(200);
  return { ...created, end: () => callback("publish_done", created.name) };
}

async function openAnalytics(page: Page) {
  if (isPhone(page)) {
    await page.getByRole("button", { name: "Open menu" }).click();
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Analytics" }).click();
  } else {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Analytics" }).click();
  }
  await expect(page).toHaveURL(/\/analytics$/);
  await expect(page.getByRole("heading", { level: 1, name: "Analytics" })).toBeVisible();
}

async function expectNoSidewaysScroll(page: Page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(page.viewportSize()!.width);
}

for (const scheme of ["light", "dark"] as const) {
  test.describe(`Analytics (${scheme})`, () => {
    test.use({ colorScheme: scheme });

    test("live tiles, usage charts with their tables, top streams and tags, CSV for premium", async ({
      page,
      request,
    }) => {
      test.slow();
      const charts: string[] = [];
      page.on("request", (r) => /\/assets\/UsageCharts[^/]*\.js$/.test(r.url()) && charts.push(r.url()));
      const requests = trackRequests(page);
      await signIn(page, DEMO.admin);
      const stream = await liveStream(page, request);
      // The chart code is not part of the pages before (the overview is open and done loading).
      await requests.quiet();
      expect(charts).toEqual([]);
      await openAnalytics(page);

      const tiles = page.getByRole("region", { name: "Live now" });
      await expect(tiles.getByRole("group", { name: /^Live streams: \d+/ })).toBeVisible();
      await expect(tiles.getByRole("group", { name: /^Viewers: [1-9]/ })).toBeVisible();
      await expect(page.getByRole("table", { name: "Most watched live streams" })).toContainText(stream.name);
      await expect(page.getByText("Premium Analytics").first()).toBeVisible();

      // Each chart: a picture hidden from screen readers, its numbers as a table they read.
      const viewers = page.getByRole("figure", { name: "Viewers over time" });
      await expect(viewers.getByTestId("chart").locator("svg").first()).toBeVisible({ timeout: 20_000 });
      expect(charts.length).toBeGreaterThan(0);
      const hiddenTable = viewers.getByRole("table", { name: "Viewers over time" });
      await expect(hiddenTable).toHaveCount(1);
      // 24 h at hourly buckets: 24 or 25 of them (the current hour), plus the header.
      const rows = await hiddenTable.getByRole("row").count();
      expect(rows).toBeGreaterThanOrEqual(25);
      expect(rows).toBeLessThanOrEqual(26);
      await viewers.getByRole("button", { name: "Show table" }).click();
      await expect(viewers.getByRole("region", { name: "Viewers over time table" })).toBeVisible();
      await expect(viewers.getByTestId("chart")).toHaveCount(0);
      await expect(viewers.getByRole("columnheader", { name: "Peak concurrent" })).toBeVisible();
      await viewers.getByRole("button", { name: "Show chart" }).click();
      await expect(page.getByRole("figure", { name: "Minutes per hour" })).toBeVisible();
      await expect(page.getByRole("heading", { name: "Top streams" })).toBeVisible();
      await expect(page.getByRole("heading", { name: "Top tags" })).toBeVisible();

      // Ranges: 7 days charts days.
      await page.getByRole("radiogroup", { name: "Range" }).getByText("7 d", { exact: true }).click();
      await expect(page.getByRole("figure", { name: "Minutes per day" })).toBeVisible();
      await expect(
        page
          .getByRole("figure", { name: "Minutes per day" })
          .getByRole("table", { name: "Minutes per day" })
          .getByRole("row"),
      ).toHaveCount(9); // header + 8 days (7 back, rounded down to the day, to today)

      // CSV (premium): a header line and one line per bucket.
      const download = page.waitForEvent("download");
      await page.getByRole("button", { name: "Download CSV" }).click();
      const file = await download;
      expect(file.suggestedFilename()).toMatch(/^usage-day-.*\.csv$/);
      const text = await (await file.createReadStream()).toArray().then((c) => Buffer.concat(c).toString("utf8"));
      expect(text.split("\r\n")[0]).toBe("t,publishedMinutes,viewerMinutes,peakViewers,viewers,bytesOut");
      expect(text.trimEnd().split("\r\n")).toHaveLength(9);

      await expectNoAxeViolations(page);
      await expectNoSidewaysScroll(page);
      await page.screenshot({ path: test.info().outputPath(`analytics-${scheme}.png`), fullPage: true });

      // The stream's own page: its last 24 hours beside the live details.
      await page.goto(`/streams/${stream.id}`);
      const own = page.locator("section[aria-labelledby=stream-usage-heading]");
      await expect(own.getByRole("heading", { name: "Last 24 hours" })).toBeVisible({ timeout: 20_000 });
      await expect(own.getByRole("group", { name: /^Viewer minutes: \d+/ })).toBeVisible();
      await expect(own.getByRole("group", { name: /^Peak viewers: \d+/ })).toBeVisible();
      await expectNoAxeViolations(page);
      await page.screenshot({ path: test.info().outputPath(`stream-usage-${scheme}.png`), fullPage: true });
      expect((await stream.end()).status()).toBe(200);
    });
  });
}

test("a Basic organisation sees its daily totals and what Full and Premium would add", async ({ page, request }) => {
  const email = `basic-analytics-${test.info().project.name}-${Date.now()}@e2e.orgdeck.test`;
  const password = "basic-analytics-passphrase";
  const cli = spawnSync(
    process.execPath,
    [
      path.resolve("bin/orgdeck.mjs"),
      "org:create",
      "--name",
      `Basic analytics ${test.info().project.name}`,
      "--admin-email",
      email,
      "--admin-password",
      password,
      "--analytics-level",
      "basic",
      "--packages",
      "liveProcessing,h5live",
    ],
    {
      env: { ...process.env, DATABASE_URL: `sqlite:${path.join(e2eDir(), "e2e.db")}`, ORGDECK_DATA_DIR: e2eDir() },
      encoding: "utf8",
    },
  );
  expect(cli.status, cli.stderr).toBe(0);
  await signIn(page, { email, password });
  const stream = await liveStream(page, request);
  await openAnalytics(page);
  await expect(page.getByText("Basic Analytics").first()).toBeVisible();
  const range = page.getByRole("radiogroup", { name: "Range" });
  await expect(range.getByRole("radio", { name: "7 d" })).toBeChecked();
  await expect(range.getByRole("radio", { name: "30 d" })).toBeDisabled();
  await expect(page.getByText("Ranges beyond 7 days: Upgrade needed")).toBeVisible();
  await expect(page.getByRole("button", { name: "Download CSV" })).toHaveCount(0);
  await expect(page.getByText("CSV export: Upgrade needed")).toBeVisible();
  for (const tile of ["Hourly usage", "Usage per stream and per tag", "Per-minute usage (last 48 h)", "CSV export"])
    await expect(
      page.getByRole("group", { name: new RegExp(`^${tile.replace(/[()]/g, "\\$&")}: Upgrade needed`) }),
    ).toBeVisible();
  await expect(page.getByRole("heading", { name: "Top streams" })).toHaveCount(0);
  await expect(page.getByRole("figure", { name: "Minutes per day" })).toBeVisible();
  await expectNoAxeViolations(page);
  await expectNoSidewaysScroll(page);
  await page.screenshot({ path: test.info().outputPath("analytics-basic.png"), fullPage: true });
  // The stream page says per-stream figures need Full.
  await page.goto(`/streams/${stream.id}`);
  await expect(page.getByRole("group", { name: "Usage per stream: Upgrade needed (Full Analytics)" })).toBeVisible({
    timeout: 20_000,
  });
  await expectNoAxeViolations(page);
  expect((await stream.end()).status()).toBe(200);
});

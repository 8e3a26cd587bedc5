import { expect, test, type Browser, type Page } from "@playwright/test";
import { DEMO, E2E_INGEST_SECRET } from "./support/demo.js";
import { expectNoAxeViolations, sessionToken, signIn, streamEntries } from "./support/fixtures.js";

/**
 * Two members in two browsers: what one does (through the API, the media server's callbacks or the
 * dashboard) shows in the other's open stream list and stream page within 2 s, without a reload, over
 * one live-update stream per tab.
 */
const LIVE_WITHIN = { timeout: 2_000 };

async function member(browser: Browser, who: { email: string; password: string }, colorScheme: "light" | "dark") {
  const context = await browser.newContext({
    baseURL: test.info().project.use.baseURL!,
    viewport: test.info().project.use.viewport!,
    colorScheme,
  });
  const page = await context.newPage();
  await signIn(page, who);
  return { context, page };
}

/** Counts the tab's live-update connections, and waits until the stream is up. */
function watchLiveConnections(page: Page): () => number {
  let n = 0;
  page.on("request", (r) => {
    if (new URL(r.url()).pathname === "/api/live-updates") n++;
  });
  return () => n;
}
const liveUp = (page: Page) => expect(page.locator("html")).toHaveAttribute("data-live", "on");

for (const colorScheme of ["light", "dark"] as const) {
  test(`another member's list and stream page follow publish, viewers and stop live (${colorScheme})`, async ({
    browser,
  }) => {
    const tag = `live-e2e-${colorScheme}-${test.info().project.name}`;
    const operator = await member(browser, DEMO.admin, colorScheme);
    const observer = await member(browser, DEMO.user, colorScheme);
    const list = observer.page;
    const listConnections = watchLiveConnections(list);
    await list.goto(`/streams?tag=${tag}`);
    await liveUp(list);
    // The overview this tab signed in on may have opened one just before: count from here.
    const listBaseline = listConnections();

    // Created through the API by the operator: the observer's open list shows it.
    const token = await sessionToken(operator.page);
    const created = await operator.page.request.post("/api/stream", {
      headers: { "x-bintu-token": token },
      data: { tags: [tag] },
    });
    expect(created.status()).toBe(201);
    const stream = (await created.json()) as { id: string; name: string };
    const entry = streamEntries(list, stream.name);
    await expect(entry).toContainText("created", LIVE_WITHIN);

    const page = await observer.context.newPage();
    const pageConnections = watchLiveConnections(page);
    await page.goto(`/streams/${stream.id}`);
    await liveUp(page);
    await expect(page.getByText("created", { exact: true }).first()).toBeVisible();

    // The media server reports the publish (as nginx-rtmp calls back): both show it live.
    const callback = (call: string) =>
      operator.page.request.post(`/api/ingest/rtmp?secret=${E2E_INGEST_SECRET}&node=10.1.2.3:8080`, {
        headers: { "content-type": "application/x-www-form-urlencoded" },
        data: `app=live&addr=198.51.100.9&clientid=7&call=${call}&name=${stream.name}`,
      });
    expect((await callback("publish")).status()).toBe(200);
    await expect(entry).toContainText("live", LIVE_WITHIN);
    await expect(page.getByText("live", { exact: true }).first()).toBeVisible(LIVE_WITHIN);
    const onAir = page.getByRole("table", { name: "On air" });
    await expect(onAir.getByRole("row", { name: /Media server/ })).toContainText("10.1.2.3:8080", LIVE_WITHIN);

    // A viewer arrives: the count follows.
    expect((await callback("play")).status()).toBe(200);
    await expect(onAir.getByRole("row", { name: /Viewers now/ })).toContainText("1", LIVE_WITHIN);
    await expect(entry).toContainText("1 viewer", LIVE_WITHIN);
    await expectNoAxeViolations(page);
    await page.screenshot({ path: test.info().outputPath(`observer-live-${colorScheme}.png`), fullPage: true });

    // The operator stops it in the dashboard: the observer's list and page show it ended.
    await operator.page.goto(`/streams/${stream.id}`);
    await operator.page.getByRole("button", { name: `Stop stream ${stream.name}` }).click();
    await operator.page
      .getByRole("dialog", { name: "Stop stream?" })
      .getByRole("button", { name: "Stop stream" })
      .click();
    await expect(operator.page.getByText("ended", { exact: true }).first()).toBeVisible();
    await expect(page.getByText("ended", { exact: true }).first()).toBeVisible(LIVE_WITHIN);
    await expect(onAir).toHaveCount(0);
    await expect(entry).toContainText("ended", LIVE_WITHIN);
    await list.screenshot({ path: test.info().outputPath(`observer-list-${colorScheme}.png`), fullPage: true });

    // One stream per tab the whole time: no reconnects, no request storm.
    expect(listConnections()).toBe(listBaseline);
    expect(pageConnections()).toBe(1);
    await operator.context.close();
    await observer.context.close();
  });
}

test("signing out in one tab ends the other tab's live stream and session", async ({ browser }) => {
  const { context, page } = await member(browser, DEMO.readOnly, "light");
  await page.goto("/streams");
  await liveUp(page);
  const other = await context.newPage();
  await other.goto("/organisation/overview");
  await liveUp(other);
  // Revoked on the server (as a sign-out elsewhere or a token reset does): the stream ends and the tab
  // shows the sign-in page instead of going on with a dead session.
  const out = await page.request.post("/api/user/logout", { headers: { "x-bintu-token": await sessionToken(page) } });
  expect(out.status()).toBe(200);
  await expect(other).toHaveURL(/\/login/, { timeout: 10_000 });
  await expect(page).toHaveURL(/\/login/, { timeout: 10_000 });
  await context.close();
});

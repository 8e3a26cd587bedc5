import http from "node:http";
import type { AddressInfo } from "node:net";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { DEMO, E2E_INGEST_SECRET, e2eDir } from "./support/demo.js";
import { expectNoAxeViolations, isPhone, sessionToken, signIn, streamEntries, streamList } from "./support/fixtures.js";

test.describe("Streams, webhook and recordings", () => {
  test("a tag on the overview opens the filtered stream list; create, tag, lock, unlock and delete a stream", async ({
    page,
    context,
    baseURL,
  }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL! });
    await signIn(page, DEMO.admin);
    await page.getByRole("list", { name: "Tags" }).getByRole("link", { name: "livestream" }).click();
    await expect(page).toHaveURL(/\/streams\?tag=livestream$/);
    const rows = streamEntries(page);
    await expect(rows.first()).toContainText("livestream");
    for (const text of await rows.allInnerTexts()) expect(text).toContain("livestream");
    await expectNoAxeViolations(page);

    await page.getByRole("button", { name: "Create stream" }).click();
    const dialog = page.getByRole("dialog", { name: "Create stream" });
    const tags = dialog.getByLabel(/^Tags/);
    await tags.fill("e2e:created");
    await tags.press("Enter");
    await tags.fill("region:e");
    await page.getByRole("option", { name: "region:eu" }).click();
    await dialog.getByRole("button", { name: "Create Stream" }).click();
    await expect(page).toHaveURL(/\/streams\/[0-9a-f-]{36}$/);
    const heading = page.getByRole("heading", { level: 1, name: /^demo0-/ });
    await expect(heading).toBeVisible();
    const name = (await heading.textContent())!;
    expect(name).toMatch(/^demo0-[0-9A-Za-z]{5}$/);
    await page.getByRole("button", { name: "Copy Stream name" }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(name);

    await page.getByRole("button", { name: `Lock stream ${name}` }).click();
    await page.getByRole("dialog", { name: "Lock stream?" }).getByRole("button", { name: "Lock stream" }).click();
    await expect(page.getByText("locked", { exact: true })).toBeVisible();
    await page.getByRole("button", { name: `Unlock stream ${name}` }).click();
    await page.getByRole("dialog", { name: "Unlock stream?" }).getByRole("button", { name: "Unlock stream" }).click();
    await expect(page.getByText("created", { exact: true })).toBeVisible();
    await page.screenshot({ path: test.info().outputPath("stream.png"), fullPage: true });
    await page.getByRole("button", { name: `Delete stream ${name}` }).click();
    await page.getByRole("dialog", { name: "Delete stream?" }).getByRole("button", { name: "Delete stream" }).click();
    await expect(page).toHaveURL(/\/streams$/);
    await expect(streamEntries(page, name)).toHaveCount(0);
  });

  test("the stream list pages with cursors: next, next, previous land on the same rows", async ({ page }) => {
    await signIn(page, DEMO.readOnly);
    const cursors: string[] = [];
    page.on("request", (r) => {
      const u = new URL(r.url());
      if (u.pathname === "/api/stream") cursors.push(u.searchParams.get("cursor") ?? "");
    });
    await page.goto("/streams");
    const names = () => streamEntries(page).getByRole("link").allInnerTexts();
    const first = page.getByText(/^Showing 1 - 25 of \d+ streams$/);
    await expect(first).toBeVisible();
    const firstNames = await names();
    expect(firstNames).toHaveLength(25);
    await page.getByRole("button", { name: "Next streams page" }).click();
    await expect(page.getByText(/^Showing 26 - 50 of \d+ streams$/)).toBeVisible();
    // The previous page's rows stay until the next page has arrived.
    await expect.poll(async () => (await names()).filter((n) => firstNames.includes(n))).toEqual([]);
    const secondNames = await names();
    expect(secondNames).toHaveLength(25);
    await page.getByRole("button", { name: "Next streams page" }).click();
    await expect(page.getByText(/^Showing 51 - \d+ of \d+ streams$/)).toBeVisible();
    await page.getByRole("button", { name: "Previous streams page" }).click();
    await expect(page.getByText(/^Showing 26 - 50 of \d+ streams$/)).toBeVisible();
    await expect.poll(names).toEqual(secondNames);
    // Pages after the first were asked for by cursor, never by offset.
    expect(cursors.filter((c) => c !== "").length).toBeGreaterThanOrEqual(2);
    await expectNoAxeViolations(page);
  });

  test("while a stream is on air its page and the list show the media server, publisher and viewers", async ({
    page,
    request,
  }) => {
    await signIn(page, DEMO.admin);
    const token = await sessionToken(page);
    const created = await (
      await request.post("/api/stream", { headers: { "x-bintu-token": token }, data: { tags: ["on-air"] } })
    ).json();
    const callback = (call: string) =>
      request.post(`/api/ingest/rtmp?secret=${E2E_INGEST_SECRET}&node=10.1.2.3:8080`, {
        headers: { "content-type": "application/x-www-form-urlencoded" },
        data: `app=live&addr=198.51.100.7&clientid=4&call=${call}&name=${created.name}`,
      });
    expect((await callback("publish")).status()).toBe(200);
    expect((await callback("play")).status()).toBe(200);
    await page.goto(`/streams/${created.id}`);
    const onAir = page.getByRole("table", { name: "On air" });
    await expect(onAir.getByRole("row", { name: /Media server/ })).toContainText("10.1.2.3:8080");
    await expect(onAir.getByRole("row", { name: /Publisher address/ })).toContainText("198.51.100.7");
    await expect(onAir.getByRole("row", { name: /Viewers now/ })).toContainText("1");
    await expectNoAxeViolations(page);
    await page.goto("/streams?tag=on-air");
    await expect(streamEntries(page, created.name)).toContainText("1 viewer · 10.1.2.3:8080");
    expect((await callback("publish_done")).status()).toBe(200);
    await page.goto(`/streams/${created.id}`);
    await expect(page.getByText("ended", { exact: true }).first()).toBeVisible();
    await expect(page.getByRole("table", { name: "On air" })).toHaveCount(0);
  });

  test("a read-only member sees streams but no way to change them", async ({ page }) => {
    await signIn(page, DEMO.readOnly);
    await page.goto("/streams");
    await expect(streamList(page)).toBeVisible();
    await expect(page.getByRole("button", { name: "Create stream" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /^(Lock|Delete|Stop|Unlock) stream/ })).toHaveCount(0);
  });

  test("Send test calls the saved webhook and shows the receiver's answer and the recent calls", async ({ page }) => {
    const received: string[] = [];
    const receiver = http.createServer((req, res) => {
      let body = "";
      req.on("data", (d: Buffer) => (body += d.toString()));
      req.on("end", () => {
        received.push(body);
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    try {
      await signIn(page, DEMO.admin);
      await page.getByRole("button", { name: "Edit webhook" }).click();
      await page.getByLabel("Webhook URL").fill(url);
      await page.getByRole("button", { name: "Save" }).click();
      await expect(page.getByLabel("Current webhook")).toHaveText(url);
      await page.getByRole("button", { name: "Send test" }).click();
      await expect(page.getByRole("status").filter({ hasText: "Publish would be allowed" })).toContainText(
        "Receiver status: 200",
      );
      expect(received.at(-1)).toMatch(/^call=publish&name=demo0-test0&app=live/);
      // A real publish decided through the saved webhook shows in Recent calls: a table on desktop, cards on phones.
      const created = await (
        await page.request.post("/api/stream", { headers: { "x-bintu-token": await sessionToken(page) }, data: {} })
      ).json();
      const publish = (call: string) =>
        page.request.post(`/api/ingest/rtmp?secret=${E2E_INGEST_SECRET}&node=10.1.2.3:8080`, {
          headers: { "content-type": "application/x-www-form-urlencoded" },
          data: `app=live&addr=198.51.100.8&clientid=9&call=${call}&name=${created.name}`,
        });
      expect((await publish("publish")).status()).toBe(200);
      await page.reload();
      const calls = page.getByRole(isPhone(page) ? "list" : "table", { name: "Recent calls" });
      await expect(calls).toContainText(created.name);
      await expect(calls).toContainText("allowed");
      await expectNoAxeViolations(page);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        page.viewportSize()!.width,
      );
      expect((await publish("publish_done")).status()).toBe(200);
      await page.getByRole("button", { name: "Edit webhook" }).click();
      await page.getByRole("button", { name: "Clear" }).click();
      await page
        .getByRole("dialog", { name: "Remove the webhook?" })
        .getByRole("button", { name: "Remove webhook" })
        .click();
      await expect(page.getByLabel("Current webhook")).toHaveText("Click on the edit icon to update.");
    } finally {
      receiver.close();
    }
  });

  test("a recording plays on its stream page, and making VODs public says how many become reachable", async ({
    page,
    request,
  }) => {
    await signIn(page, DEMO.admin);
    const token = await sessionToken(page);
    const streamId = await recordOnce(request, token);
    await page.goto(`/streams/${streamId}`);
    const recording = page.getByRole("group", { name: /^Recording of/ });
    await expect(recording).toContainText("0:02");
    await recording.getByRole("button", { name: "Play" }).click();
    const video = page.locator("video");
    await expect(video).toBeVisible();
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState)).toBeGreaterThanOrEqual(1);
    expect(await video.evaluate((v: HTMLVideoElement) => v.duration)).toBeGreaterThan(1.5);
    await page.screenshot({ path: test.info().outputPath("recording.png"), fullPage: true });

    await page.goto("/organisation/overview");
    const toggle = page.getByRole("switch", { name: "VODs are public." });
    // Enabled once the caller's permissions have loaded; a click before that would change nothing.
    await expect(toggle).toBeEnabled();
    await toggle.click({ force: true });
    await expect(toggle).not.toBeChecked();
    await toggle.click({ force: true });
    const dialog = page.getByRole("dialog", { name: "Make VODs public?" });
    await expect(dialog.getByText(/^\d+ recordings? will become reachable without credentials\.$/)).toBeVisible();
    await dialog.getByRole("button", { name: "Make VODs public" }).click();
    await expect(toggle).toBeChecked();
  });
});

/** Makes a 2-second recording the way nginx-rtmp would, and reports it through the ingest hook. */
async function recordOnce(request: APIRequestContext, token: string): Promise<string> {
  const created = await request.post("/api/stream", {
    headers: { "x-bintu-token": token },
    data: { tags: ["e2e:recorded"] },
  });
  const stream = (await created.json()) as { id: string; name: string };
  // Named as nginx names a recording with record_unique: `<stream name>-<unix time>.flv`.
  const file = path.join(e2eDir(), "rec", `${stream.name}-${Math.floor(Date.now() / 1000)}.flv`);
  const r = spawnSync("ffmpeg", [
    "-hide_banner",
    "-loglevel",
    "error",
    "-y",
    "-f",
    "lavfi",
    "-i",
    "testsrc=size=160x120:rate=15:duration=2",
    "-f",
    "lavfi",
    "-i",
    "sine=duration=2",
    "-c:v",
    "libx264",
    "-preset",
    "ultrafast",
    "-pix_fmt",
    "yuv420p",
    "-c:a",
    "aac",
    "-f",
    "flv",
    file,
  ]);
  expect(r.status).toBe(0);
  const done = await request.post(`/api/ingest/rtmp?secret=${E2E_INGEST_SECRET}`, {
    form: { call: "record_done", name: stream.name, app: "rec", path: file },
  });
  expect(done.status()).toBe(200);
  return stream.id;
}

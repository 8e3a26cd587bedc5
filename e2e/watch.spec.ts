import { spawnSync } from "node:child_process";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { DEMO, e2eDir } from "./support/demo.js";
import { expectNoAxeViolations, isPhone, sessionToken, signIn } from "./support/fixtures.js";

interface Stream {
  id: string;
  name: string;
  playout?: { hls: string; rtmp: string; embed: string };
}

/** A second organisation, made with the operator CLI, with its admin's login. */
function createOrg(label: string, packages: string) {
  const email = `${label}-${test.info().project.name}-${Date.now()}@e2e.orgdeck.test`;
  const password = `${label}-admin-passphrase`;
  const cli = spawnSync(
    process.execPath,
    [
      path.resolve("bin/orgdeck.mjs"),
      "org:create",
      "--name",
      `${label} ${test.info().project.name}`,
      "--admin-email",
      email,
      "--admin-password",
      password,
      "--packages",
      packages,
    ],
    {
      env: { ...process.env, DATABASE_URL: `sqlite:${path.join(e2eDir(), "e2e.db")}`, ORGDECK_DATA_DIR: e2eDir() },
      encoding: "utf8",
    },
  );
  expect(cli.status, cli.stderr).toBe(0);
  return { email, password };
}

async function createStream(page: Page): Promise<Stream> {
  const res = await page.request.post("/api/stream", {
    headers: { "x-bintu-token": await sessionToken(page) },
    data: { tags: ["e2e-watch"] },
  });
  expect(res.status()).toBe(201);
  return (await res.json()) as Stream;
}

async function expectNoSidewaysScroll(page: Page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(page.viewportSize()!.width);
}

const clipboard = (page: Page) => page.evaluate(() => navigator.clipboard.readText());
const shot = (page: Page, name: string) =>
  page.screenshot({ path: `test-results/watch-${name}-${test.info().project.name}.png`, fullPage: true });

test.describe("Watching a stream", () => {
  test.beforeEach(async ({ context, baseURL }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL! });
  });

  test("with H5Live: playout and embed URLs to copy, snippets, and the player's offline state", async ({ page }) => {
    test.slow();
    await signIn(page, DEMO.admin);
    const stream = await createStream(page);
    expect(stream.playout).toBeDefined();
    const hlsChunks: string[] = [];
    page.on("request", (r) => /\/assets\/hls[^/]*\.js$/.test(r.url()) && hlsChunks.push(r.url()));

    await page.goto(`/streams/${stream.id}`);
    await expect(page.getByRole("heading", { level: 1, name: stream.name })).toBeVisible({ timeout: 30_000 });
    const summary = page.getByRole("group", { name: "Stream summary" });
    await expect(summary).toContainText("Single Stream");
    await expect(summary).toContainText(`ID ${stream.id}`);
    await expect(summary.getByText("Secure", { exact: true })).toHaveCount(0);
    await expect(page.getByRole("heading", { name: "Secure Playback Token" })).toHaveCount(0);

    const urls = page.getByRole("list", { name: "Playout URLs" });
    await expect(urls.getByRole("listitem", { name: "Live playout URL (HLS)" })).toContainText(stream.playout!.hls);
    await expect(urls.getByRole("listitem", { name: "iFrame embed URL" })).toContainText(stream.playout!.embed);
    await urls.getByRole("button", { name: "Copy iFrame embed URL" }).click();
    await expect(urls.getByRole("button", { name: "Copied" })).toBeVisible();
    expect(await clipboard(page)).toBe(stream.playout!.embed);
    await urls.getByRole("button", { name: "Copy Live playout URL (HLS)" }).click();
    expect(await clipboard(page)).toBe(stream.playout!.hls);

    // Snippets follow the size options; a size that is not one says so and the snippet keeps the last good one.
    await page.getByRole("textbox", { name: "Width" }).fill("800");
    const iframe = page.getByLabel("iFrame snippet", { exact: true });
    await expect(iframe).toContainText(`src="${stream.playout!.embed}" width="800" height="360"`);
    await page.getByRole("button", { name: "Copy iFrame snippet" }).click();
    expect(await clipboard(page)).toContain(`<iframe src="${stream.playout!.embed}" width="800"`);
    await page.getByRole("textbox", { name: "Height" }).fill("tall");
    await expect(page.getByText("A number, optionally with px or %")).toBeVisible();
    await expect(iframe).toContainText('height="360"');
    await page.getByRole("textbox", { name: "Height" }).fill("50%");
    await expect(page.getByLabel("HTML snippet (hls.js)", { exact: true })).toContainText(
      `var src = ${JSON.stringify(stream.playout!.hls)};`,
    );
    await expectNoAxeViolations(page);
    await expectNoSidewaysScroll(page);
    await shot(page, "h5live");

    // The player and hls.js load only now; the stream is not live, so it says offline.
    expect(hlsChunks).toEqual([]);
    await page.getByRole("button", { name: "Watch" }).click();
    const dialog = page.getByRole("dialog", { name: `Watch ${stream.name}` });
    await expect(dialog.getByLabel(`Player: ${stream.name}`)).toBeVisible();
    await expect(dialog.getByTestId("player-state")).toContainText("Stream is offline", { timeout: 20_000 });
    expect(hlsChunks).toHaveLength(1);
    const video = await dialog.locator("video").evaluate((v: HTMLVideoElement) => ({
      muted: v.muted,
      autoplay: v.autoplay,
      controls: v.controls,
    }));
    expect(video).toEqual({ muted: true, autoplay: true, controls: true });
    await expectNoAxeViolations(page);
    await shot(page, "player-offline");
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    // Keyboard users land back where they were.
    await expect(page.getByRole("button", { name: "Watch" })).toBeFocused();
  });

  test("with Secure: a token minted with restrictions, its claims, and the URLs carrying it", async ({ page }) => {
    test.slow();
    await signIn(page, createOrg("Secure", "h5live,secure,liveProcessing"));
    const stream = await createStream(page);
    expect(stream.playout!.hls).toContain("token=");
    await page.goto(`/streams/${stream.id}`);
    await expect(
      page.getByRole("group", { name: "Stream summary" }).getByText("Secure", { exact: true }),
    ).toBeVisible();
    await expect(page.getByRole("region", { name: "H5Live Playout" })).toContainText("valid for 1 hour", {
      timeout: 30_000,
    });
    const section = page.getByRole("region", { name: "Secure Playback Token" });

    // A wrong address is refused with the server's reason, and no token appears.
    await section.getByRole("textbox", { name: "Client IP or CIDR (optional)" }).fill("not-an-ip");
    await section.getByRole("button", { name: "Create token" }).click();
    await expect(section.getByRole("alert")).toContainText("clientIp must be an IP address");
    await expect(section.getByTestId("minted-token")).toHaveCount(0);

    await section.getByRole("combobox", { name: "Valid for" }).selectOption("86400");
    await section.getByRole("textbox", { name: "Client IP or CIDR (optional)" }).fill("203.0.113.0/24");
    await section.getByRole("textbox", { name: "Domain (optional)" }).fill("example.com");
    await section.getByRole("textbox", { name: "User ID (optional)" }).fill("viewer-42");
    await section.getByRole("button", { name: "Create token" }).click();
    const token = (await section.getByTestId("token").textContent())!;
    const claims = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({ sub: stream.id, ip: "203.0.113.0/24", dom: "example.com", uid: "viewer-42" });
    expect(Number(claims.exp) - Date.now() / 1000).toBeGreaterThan(86_000);

    const decoded = section.getByRole("table", { name: "Decoded claims" });
    for (const v of [stream.id, "203.0.113.0/24", "example.com", "viewer-42"]) await expect(decoded).toContainText(v);
    const until = new Date(Number(claims.exp) * 1000);
    await expect(section.getByTestId("token-validity")).toContainText(
      `until ${String(until.getUTCMonth() + 1).padStart(2, "0")}/${String(until.getUTCDate()).padStart(2, "0")}/${until.getUTCFullYear()}`,
    );
    await expect(section.getByTestId("token-validity")).toContainText("(UTC)");
    await section.getByRole("button", { name: "Copy token" }).click();
    expect(await clipboard(page)).toBe(token);

    // The page's URLs and snippets now carry this token instead of the API's.
    const withToken = section.getByRole("list", { name: "Playout URLs with this token" });
    await expect(withToken.getByRole("listitem", { name: "Live playout URL with token" })).toContainText(
      `token=${token}`,
    );
    await expect(page.getByRole("list", { name: "Playout URLs" }).first()).toContainText(`token=${token}`);
    await expect(page.getByLabel("iFrame snippet", { exact: true })).toContainText(`token=${token}`);
    await expectNoAxeViolations(page);
    await expectNoSidewaysScroll(page);
    await shot(page, "secure-token");
    // The dark theme keeps every text readable too.
    await page.emulateMedia({ colorScheme: "dark" });
    await expectNoAxeViolations(page);
    await shot(page, "secure-token-dark");
    await page.emulateMedia({ colorScheme: "light" });

    await section.getByRole("button", { name: "Discard token" }).click();
    await expect(page.getByLabel("iFrame snippet", { exact: true })).not.toContainText(token);

    // A token for every stream of one of this stream's tags: the page's URLs carry it too.
    await section.getByRole("combobox", { name: "Token for" }).selectOption("e2e-watch");
    await section.getByRole("textbox", { name: "Client IP or CIDR (optional)" }).fill("");
    await section.getByRole("textbox", { name: "Domain (optional)" }).fill("");
    await section.getByRole("button", { name: "Create token" }).click();
    const tagToken = (await section.getByTestId("token").textContent())!;
    const tagClaims = JSON.parse(Buffer.from(tagToken.split(".")[1]!, "base64url").toString()) as Record<
      string,
      unknown
    >;
    expect(tagClaims).toMatchObject({ tag: "e2e-watch", uid: "viewer-42" });
    expect(tagClaims.sub).toBeUndefined();
    await expect(section.getByRole("table", { name: "Decoded claims" })).toContainText("e2e-watch");
    await expect(page.getByLabel("iFrame snippet", { exact: true })).toContainText(`token=${tagToken}`);
    await expectNoAxeViolations(page);
  });

  test("playback signing keys: the private key shown once, listed by kid, deleted behind a warning", async ({
    page,
  }) => {
    test.slow();
    await signIn(page, createOrg("Keys", "h5live,secure"));
    const keysSection = page.getByRole("region", { name: "Playback signing keys" });
    await expect(keysSection).toContainText("No signing keys");
    await keysSection.getByRole("button", { name: "Create key" }).click();
    const dialog = page.getByRole("dialog", { name: "Create playback signing key" });
    await dialog.getByRole("textbox", { name: "Name (optional)" }).fill("signing backend");
    await dialog.getByRole("button", { name: "Create key" }).click();
    const pem = dialog.getByTestId("private-key");
    await expect(pem).toContainText("-----BEGIN PRIVATE KEY-----");
    await expect(dialog).toContainText("shown here only once");
    const privateKey = (await pem.textContent())!;
    await dialog.getByRole("button", { name: "Copy private key" }).click();
    expect(await clipboard(page)).toBe(privateKey);
    await expectNoAxeViolations(page);
    await shot(page, "key-created");
    await dialog.getByRole("button", { name: "I have copied it" }).click();
    await expect(dialog).toBeHidden();

    const listed = await page.request.get("/api/playback-key", {
      headers: { "x-bintu-token": await sessionToken(page) },
    });
    const { keys } = (await listed.json()) as { keys: Array<{ kid: string }> };
    expect(keys).toHaveLength(1);
    const row = keysSection.getByRole("row", { name: "signing backend" });
    await expect(row).toContainText(keys[0]!.kid);
    await expect(page.getByText("BEGIN PRIVATE KEY")).toHaveCount(0);
    await expectNoSidewaysScroll(page);
    await shot(page, "keys-listed");

    await row.getByRole("button", { name: "Delete key signing backend" }).click();
    const confirm = page.getByRole("dialog", { name: "Delete signing key?" });
    await expect(confirm).toContainText("stop working within seconds");
    await confirm.getByRole("button", { name: "Delete key" }).click();
    await expect(confirm).toBeHidden();
    await expect(keysSection).toContainText("No signing keys");
    const after = await page.request.get("/api/playback-key", {
      headers: { "x-bintu-token": await sessionToken(page) },
    });
    expect(((await after.json()) as { keys: unknown[] }).keys).toEqual([]);
  });

  test("without H5Live: no URLs, no Watch, and who enables playback", async ({ page }) => {
    await signIn(page, createOrg("Plain", "vod"));
    await expect(page.getByRole("region", { name: "Playback signing keys" })).toHaveCount(0);
    const stream = await createStream(page);
    expect(stream.playout).toBeUndefined();
    await page.goto(`/streams/${stream.id}`);
    await expect(page.getByText("Playback needs H5Live")).toBeVisible();
    await expect(page.getByRole("region", { name: "H5Live Playout" })).toContainText("operates this orgdeck");
    await expect(page.getByRole("button", { name: "Watch" })).toHaveCount(0);
    await expect(page.getByRole("heading", { name: "Code Snippets" })).toHaveCount(0);
    await expectNoAxeViolations(page);
  });

  test("thumbnails, when the API gives them: fetched with the session, refreshed, small and lazy in the list", async ({
    page,
  }) => {
    await signIn(page, DEMO.admin);
    const stream = await createStream(page);
    await createStream(page); // one without a thumbnail beside it
    // A 1×1 PNG stands in for the capture; the API's answers get the thumbnailUrl field the server adds.
    const png = Buffer.from(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=",
      "base64",
    );
    const thumbUrl = `/api/stream/${stream.id}/thumbnail`;
    const fetched: Array<string | undefined> = [];
    await page.route(`**${thumbUrl}`, async (route) => {
      // Sent with the session cookie (the dashboard's own requests carry no token header).
      const cookie = (await route.request().allHeaders())["cookie"] ?? "";
      fetched.push(/(?:^|; )(?:__Host-)?orgdeck_session=([^;]+)/.exec(cookie)?.[1]);
      return route.fulfill({
        body: png,
        contentType: "image/png",
        headers: { "cache-control": "private, max-age=10" },
      });
    });
    const addThumb = (s: Stream) => ({ ...s, thumbnailUrl: s.id === stream.id ? thumbUrl : null });
    await page.route(`**/api/stream/${stream.id}`, async (route) => {
      const res = await route.fetch();
      await route.fulfill({ response: res, json: addThumb((await res.json()) as Stream) });
    });
    await page.route(/\/api\/stream\?/, async (route) => {
      const res = await route.fetch();
      const body = (await res.json()) as { streams: Stream[] };
      await route.fulfill({ response: res, json: { ...body, streams: body.streams.map(addThumb) } });
    });

    await page.goto(`/streams/${stream.id}`);
    const panel = page.getByRole("region", { name: "Thumbnail" });
    const img = panel.getByRole("img", { name: `Latest thumbnail of ${stream.name}` });
    await expect(img).toBeVisible();
    await expect.poll(() => img.evaluate((i: HTMLImageElement) => i.naturalWidth)).toBe(1);
    await expect(panel.getByTestId("thumbnail-interval")).toHaveText(
      "A new thumbnail every 10 s while the stream is live.",
    );
    const token = await sessionToken(page);
    expect(fetched.length).toBeGreaterThan(0);
    expect(new Set(fetched)).toEqual(new Set([token]));
    const before = fetched.length;
    await panel.getByRole("button", { name: "Refresh" }).click();
    await expect.poll(() => fetched.length).toBeGreaterThan(before);

    await page.goto("/streams?tag=e2e-watch");
    const list = page.getByRole(isPhone(page) ? "list" : "table", { name: "Streams" });
    await expect(list.getByRole("img", { name: `Thumbnail of ${stream.name}` })).toBeVisible();
    await expect(list.getByRole("img", { name: /^No thumbnail for / }).first()).toBeVisible();
    await expectNoAxeViolations(page);
    await expectNoSidewaysScroll(page);
    await shot(page, "list-thumbnails");
  });
});

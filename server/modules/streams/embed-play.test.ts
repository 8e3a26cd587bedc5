import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { chromium, type Browser, type Frame } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIALECTS, startTestServer, type TestServer } from "../../test/harness.js";
import { buildOrg, type TestOrg } from "../../test/factories.js";
import { freePort, publish, startNginxRtmp, until } from "../../test/nginx.js";

const SECRET = "embed-play-secret";
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Forwards a port to another: the playout URL must be configured before nginx has picked its port. */
async function forward(port: number, to: number): Promise<net.Server> {
  const server = net.createServer((c) => {
    const up = net.connect(to, "127.0.0.1");
    c.pipe(up).pipe(c);
    c.on("error", () => up.destroy());
    up.on("error", () => c.destroy());
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return server;
}

/** A customer's page on another site (localhost, not 127.0.0.1) that frames the player. */
async function customerSite(): Promise<{ url: (embed: string) => string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const embed = new URL(req.url ?? "/", "http://x").searchParams.get("embed") ?? "";
    res.writeHead(200, { "content-type": "text/html" });
    res.end(
      `<!doctype html><title>Customer</title><iframe src="${embed}" width="480" height="270" allow="autoplay; fullscreen"></iframe>`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: (embed) => `http://localhost:${port}/?embed=${encodeURIComponent(embed)}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

for (const dialect of DIALECTS) {
  describe(`the embed page in Chromium against a real nginx-rtmp [${dialect}]`, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "orgdeck-embed-"));
    let s: TestServer;
    let nginx: Awaited<ReturnType<typeof startNginxRtmp>>;
    let proxy: net.Server;
    let site: Awaited<ReturnType<typeof customerSite>>;
    let browser: Browser;
    let org: TestOrg;
    let base: string;

    beforeAll(async () => {
      const playoutPort = await freePort();
      s = await startTestServer(dialect, {
        ORGDECK_INGEST_SECRET: SECRET,
        ORGDECK_PLAYOUT_URL: `http://127.0.0.1:${playoutPort}`,
      });
      s.clock.set(Date.now()); // nginx and ffmpeg run in real time
      await s.app.listen({ port: 0, host: "127.0.0.1" });
      base = `http://127.0.0.1:${(s.app.server.address() as net.AddressInfo).port}`;
      nginx = await startNginxRtmp(dir, base.slice("http://".length), SECRET);
      proxy = await forward(playoutPort, Number(new URL(nginx.playout).port));
      site = await customerSite();
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu"] });
      org = await buildOrg(s, { packages: ["h5live"] });
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
      await site?.close();
      proxy?.close();
      await nginx?.stop();
      await s?.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    /** Opens the customer's page framing `embed` (a stream id, or a whole embed URL as playout.embed gives it). */
    async function openFramed(embed: string): Promise<Frame> {
      const page = await browser.newPage();
      await page.goto(site.url(embed.startsWith("http") ? embed : `${base}/embed/${embed}`));
      const frame = await until(
        async () => page.frames().find((f) => f.url().startsWith(`${base}/embed/`)),
        (f) => f !== undefined,
      );
      if (!frame) throw new Error("the embed frame did not load");
      await frame.waitForSelector("video");
      return frame;
    }
    const state = (f: Frame) => f.evaluate(() => document.getElementById("player")?.getAttribute("data-state"));
    const status = (f: Frame) => f.evaluate(() => document.getElementById("status")?.textContent);
    const currentTime = (f: Frame) =>
      f.evaluate(() => (document.getElementById("video") as HTMLVideoElement).currentTime);

    it("says the stream is offline while it is not live, then plays it once it goes live", async () => {
      const st = await s.services.streams.createStreamForOrg(org, {});
      const frame = await openFramed(st.id);
      expect(
        await until(
          () => state(frame),
          (v) => v === "offline",
        ),
      ).toBe("offline");
      expect(await status(frame)).toBe("Stream is offline");

      void publish(nginx.url("live", st.name), 40);
      // The page looks again every few seconds; nginx needs a fragment or two before the playlist exists.
      expect(
        await until(
          () => state(frame),
          (v) => v === "playing",
          30_000,
        ),
      ).toBe("playing");
      const t0 = await currentTime(frame);
      const t1 = await until(
        () => currentTime(frame),
        (t) => t >= t0 + 2,
        15_000,
      );
      expect(t1 - t0).toBeGreaterThanOrEqual(2);
      expect(await frame.evaluate(() => (document.getElementById("video") as HTMLVideoElement).paused)).toBe(false);
    }, 90_000);

    it("is accessible: labelled video and buttons, the status announced (axe, offline and paused states)", async () => {
      const st = await s.services.streams.createStreamForOrg(org, {});
      const context = await browser.newContext(); // axe runs in its own context
      const page = await context.newPage();
      await page.goto(`${base}/embed/${st.id}`);
      expect(
        await until(
          () => page.getAttribute("#player", "data-state"),
          (v) => v === "offline",
        ),
      ).toBe("offline");
      expect(await page.getAttribute("#status", "role")).toBe("status");
      const axe = async () =>
        (await new AxeBuilder({ page } as never).analyze()).violations.map((v) => `${v.id}: ${v.nodes.length}`);
      expect(await axe()).toEqual([]);
      // The play button (shown when the browser refuses autoplay) and the error state's button.
      await page.evaluate(() => {
        for (const id of ["play", "retry"]) document.getElementById(id)!.hidden = false;
      });
      expect(await axe()).toEqual([]);
      await context.close();
    }, 60_000);

    it("with Secure, plays the embed URL the API hands out (its token) and keeps a bare one offline", async () => {
      const secure = await buildOrg(s, { packages: ["h5live", "secure"] });
      const st = await s.services.streams.createStreamForOrg(secure, {});
      const answer = await s.request({ method: "GET", url: `/api/stream/${st.id}`, headers: secure.admin.headers });
      const embed = new URL(answer.json().playout.embed as string);
      expect(embed.searchParams.get("token")).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      void publish(nginx.url("live", st.name), 40);
      const framed = await openFramed(`${base}${embed.pathname}${embed.search}`);
      expect(
        await until(
          () => state(framed),
          (v) => v === "playing",
          30_000,
        ),
      ).toBe("playing");
      const t0 = await currentTime(framed);
      expect(
        await until(
          () => currentTime(framed),
          (t) => t >= t0 + 2,
          15_000,
        ),
      ).toBeGreaterThanOrEqual(t0 + 2);
      // The same page without the token: the playout server refuses the playlist.
      const bare = await openFramed(st.id);
      expect(
        await until(
          () => state(bare),
          (v) => v === "offline",
        ),
      ).toBe("offline");
    }, 90_000);

    it("with Secure, a token restricted to the framing site's domain plays there, and stays offline elsewhere", async () => {
      const secure = await buildOrg(s, { packages: ["h5live", "secure"] });
      const st = await s.services.streams.createStreamForOrg(secure, {});
      const mint = async (domain: string) =>
        (await s.services.playback.mintPlaybackToken(secure.id, { streamId: st.id }, { domain })).token;
      void publish(nginx.url("live", st.name), 40);
      // The customer's page is on localhost and frames the player.
      const framed = await openFramed(`${base}/embed/${st.id}?token=${await mint("localhost")}`);
      expect(
        await until(
          () => state(framed),
          (v) => v === "playing",
          30_000,
        ),
      ).toBe("playing");
      const other = await openFramed(`${base}/embed/${st.id}?token=${await mint("customer.example")}`);
      expect(
        await until(
          () => state(other),
          (v) => v === "offline",
        ),
      ).toBe("offline");
    }, 90_000);
  });
}

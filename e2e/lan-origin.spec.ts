import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { DEMO } from "./support/demo.js";
import { expectNoAxeViolations, isPhone, openAccountEntry } from "./support/fixtures.js";

/**
 * The dashboard on a LAN address over plain http, as `npm start` invites: an insecure origin, where
 * browsers offer no `navigator.clipboard`, and no PUBLIC_URL. A second server (the shared one has
 * PUBLIC_URL) on its own port; Chromium resolves orgdeck.test to loopback.
 */
// Far from the ports parallel runs are given (E2E_PORT), so two runs never meet.
const PORT = Number(process.env.E2E_LAN_PORT ?? Number(process.env.E2E_PORT ?? 3210) + 1000);
const ORIGIN = `http://orgdeck.test:${PORT}`;

test.use({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--host-resolver-rules=MAP orgdeck.test 127.0.0.1",
      // Else Chromium first tries https://orgdeck.test (HTTPS upgrades) and waits before falling back.
      "--disable-features=HttpsUpgrades,HttpsFirstBalancedModeAutoEnable",
    ],
  },
});

let server: ChildProcess | undefined;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  const env: NodeJS.ProcessEnv = { ...process.env, E2E_PORT: String(PORT), E2E_NO_PUBLIC_URL: "1" };
  delete env.PUBLIC_URL;
  const taken = await fetch(`http://127.0.0.1:${PORT}/healthz`).then(
    () => true,
    () => false,
  );
  if (taken) throw new Error(`port ${PORT} is in use: set E2E_LAN_PORT to a free one`);
  server = spawn(process.execPath, ["--import", "tsx", path.join("e2e", "support", "server.ts")], {
    env,
    stdio: ["ignore", "ignore", "inherit"],
  });
  const deadline = Date.now() + 100_000;
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${PORT}/healthz`)).ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`the LAN test server did not start on port ${PORT}`);
    await new Promise((r) => setTimeout(r, 250));
  }
});

test.afterAll(async () => {
  if (!server || server.exitCode !== null) return;
  const exited = new Promise((r) => server!.once("exit", r));
  server.kill("SIGTERM");
  const hard = setTimeout(() => server?.kill("SIGKILL"), 25_000);
  await exited;
  clearTimeout(hard);
});

async function signInAt(page: Page) {
  await page.goto(`${ORIGIN}/login`);
  await page.getByLabel(/^Email/).fill(DEMO.admin.email);
  await page.getByLabel(/^Password/).fill(DEMO.admin.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(`${ORIGIN}/organisation/overview`);
}

/** The clipboard as a secure page of the same browser reads it (127.0.0.1 is a secure context). */
async function clipboardText(page: Page): Promise<string> {
  const reader = await page.context().newPage();
  try {
    await page
      .context()
      .grantPermissions(["clipboard-read", "clipboard-write"], { origin: `http://127.0.0.1:${PORT}` });
    await reader.goto(`http://127.0.0.1:${PORT}/healthz`);
    return await reader.evaluate(() => navigator.clipboard.readText());
  } finally {
    await reader.close();
  }
}

for (const colorScheme of ["light", "dark"] as const) {
  test.describe(`on plain http at a LAN name without PUBLIC_URL (${colorScheme})`, () => {
    test.use({ colorScheme });

    test("copy works without navigator.clipboard and invitation links use that address", async ({ page }) => {
      await signInAt(page);
      expect(await page.evaluate(() => [window.isSecureContext, typeof navigator.clipboard])).toEqual([
        false,
        "undefined",
      ]);

      await page.goto(`${ORIGIN}/organisation/users`);
      await page.getByRole("button", { name: "Invite new user" }).click();
      const dialog = page.getByRole("dialog", { name: "Invite new user" });
      await dialog.getByRole("button", { name: "Generate New Invite Token" }).click();
      const link = await dialog.getByRole("textbox", { name: "Invite link" }).inputValue();
      expect(link).toMatch(new RegExp(`^http://orgdeck\\.test:${PORT}/invite/odi_[0-9A-Za-z]{36}$`));

      await dialog.getByRole("button", { name: "Copy invite link" }).click();
      await expect(dialog.getByRole("button", { name: "Copied" })).toBeVisible();
      expect(await clipboardText(page)).toBe(link);
      await expectNoAxeViolations(page);
      await page.screenshot({ path: test.info().outputPath("lan-invite-copied.png") });
      await page.keyboard.press("Escape");
      await expect(dialog).toBeHidden();

      // The link works from the LAN: it opens the invitation there.
      await openAccountEntry(page, "Logout");
      await expect(page).toHaveURL(`${ORIGIN}/login`);
      await page.goto(link);
      await expect(page.getByText(/invited as/i).first()).toBeVisible();
    });

    test("where copying is refused, no 'Copied': an error, and the value stays shown to select", async ({ page }) => {
      await signInAt(page);
      // A browser that refuses even the fallback (a policy, an extension).
      await page.evaluate(() => {
        document.execCommand = () => false;
      });
      const token = page.getByRole(isPhone(page) ? "group" : "row", { name: /Bintu Token/ });
      await token.getByRole("button", { name: "Copy Bintu Token" }).click();
      await expect(token.getByRole("alert")).toContainText("Copying is not allowed here");
      await expect(token.getByRole("button", { name: /^Copied/ })).toHaveCount(0);
      // Revealed, so it can be selected by hand.
      await expect(token.getByLabel("Bintu Token value")).toHaveText(/^odt_[0-9A-Za-z]{36}$/);
      await expectNoAxeViolations(page);
      await page.screenshot({ path: test.info().outputPath("lan-copy-refused.png"), fullPage: true });

      await page.goto(`${ORIGIN}/organisation/users`);
      await page.evaluate(() => {
        document.execCommand = () => false;
      });
      await page.getByRole("button", { name: "Invite new user" }).click();
      const dialog = page.getByRole("dialog", { name: "Invite new user" });
      await dialog.getByRole("button", { name: "Generate New Invite Token" }).click();
      await dialog.getByRole("button", { name: "Copy invite link" }).click();
      await expect(dialog.getByRole("button", { name: "Copy failed: select the text instead" })).toBeVisible();
      await expect(dialog.getByRole("button", { name: "Copied" })).toHaveCount(0);
      await expect(dialog.getByRole("textbox", { name: "Invite link" })).toHaveValue(/\/invite\/odi_/);
    });
  });
}

test("dashboard files are served precompressed by Accept-Encoding", async ({ request }) => {
  const index = await request.get(`http://127.0.0.1:${PORT}/`, { headers: { "accept-encoding": "identity" } });
  const html = await index.text();
  const script = /<script[^>]+src="([^"]+\.js)"/.exec(html)?.[1];
  expect(script).toBeDefined();
  const get = (encoding: string) =>
    request.get(`http://127.0.0.1:${PORT}${script}`, { headers: { "accept-encoding": encoding } });
  const br = await get("gzip, deflate, br");
  expect(br.headers()["content-encoding"]).toBe("br");
  expect(br.headers()["vary"]).toMatch(/accept-encoding/i);
  expect(br.headers()["content-type"]).toMatch(/javascript/);
  const gz = await get("gzip");
  expect(gz.headers()["content-encoding"]).toBe("gzip");
  const plain = await get("identity");
  expect(plain.headers()["content-encoding"]).toBeUndefined();
  expect(plain.headers()["vary"]).toMatch(/accept-encoding/i);
  // Playwright decodes the bodies: all three are the same file.
  expect(await br.text()).toBe(await plain.text());
  expect(await gz.text()).toBe(await plain.text());
  expect(Number(br.headers()["content-length"])).toBeLessThan(Number(plain.headers()["content-length"]));
});

import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { DEMO } from "./support/demo.js";
import { expectNoAxeViolations, isPhone, signIn } from "./support/fixtures.js";

/** A customer's receiver on loopback: verifies every call with the standardwebhooks library. */
async function startReceiver() {
  let secret = "";
  const received: Array<{ id: string; type: string; verified: boolean }> = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (d: Buffer) => (body += d.toString()));
    req.on("end", () => {
      const headers = {
        "webhook-id": String(req.headers["webhook-id"]),
        "webhook-timestamp": String(req.headers["webhook-timestamp"]),
        "webhook-signature": String(req.headers["webhook-signature"]),
      };
      let verified = false;
      try {
        new Webhook(secret).verify(body, headers);
        verified = true;
      } catch {
        verified = false;
      }
      received.push({ id: headers["webhook-id"], type: (JSON.parse(body) as { type: string }).type, verified });
      res.writeHead(verified ? 200 : 401).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: (p: string) => `http://127.0.0.1:${(server.address() as AddressInfo).port}${p}`,
    received,
    trust: (s: string) => void (secret = s),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

test.describe("Event endpoints", () => {
  test("admin adds an endpoint, copies its secret once, sends a test, sees the delivery and its attempt, resends, and deletes it", async ({
    page,
    context,
    baseURL,
  }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL! });
    const rx = await startReceiver();
    try {
      await signIn(page, DEMO.admin);
      await expect(page.getByRole("heading", { name: "Event endpoints" })).toBeVisible();
      await page.getByRole("button", { name: "Manage event endpoints" }).click();
      const dialog = page.getByRole("dialog", { name: "Event endpoints" });
      await expect(dialog).toBeVisible();

      const url = rx.url(`/${test.info().project.name}-${Date.now()}`);
      await dialog.getByRole("button", { name: "Add endpoint" }).click();
      await dialog.getByRole("textbox", { name: "Endpoint URL" }).fill(url);
      await dialog.getByRole("textbox", { name: "Description (optional)" }).fill(`e2e ${test.info().project.name}`);
      await dialog.getByRole("button", { name: "Add endpoint" }).click();

      // The secret, once, with a copy button and the warning.
      const secretText = dialog.getByTestId("one-time-secret");
      await expect(secretText).toHaveText(/^whsec_[A-Za-z0-9+/]{43}=$/);
      await expect(dialog.getByText("it is shown here only once")).toBeVisible();
      const secret = (await secretText.textContent())!;
      await dialog.getByRole("button", { name: "Copy signing secret", exact: true }).click();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
      rx.trust(secret);
      await expectNoAxeViolations(page);
      await dialog.getByRole("button", { name: "I have copied it" }).click();
      await expect(dialog.getByTestId("one-time-secret")).toHaveCount(0);

      const card = dialog.getByRole("article", { name: `Endpoint e2e ${test.info().project.name}` });
      await expect(card).toContainText(url);
      await expect(card.getByTestId(/^secret-/)).not.toContainText("whsec_");

      await card.getByRole("button", { name: "Send test" }).click();
      const delivery = card.getByTestId("delivery");
      await expect(delivery).toHaveCount(1);
      await expect(delivery).toContainText("delivered", { timeout: 15_000 });
      await expect(delivery.getByTestId("attempt")).toHaveCount(1);
      await expect(delivery.getByTestId("attempt")).toContainText("HTTP 200");
      expect(rx.received).toEqual([{ id: expect.any(String), type: "ping", verified: true }]);
      await expect(delivery).toContainText(rx.received[0]!.id);

      await delivery.getByRole("button", { name: "Resend ping delivery" }).click();
      await expect(delivery.getByTestId("attempt")).toHaveCount(2, { timeout: 15_000 });
      await expect.poll(() => rx.received.length).toBe(2);
      expect(rx.received[1]).toEqual({ id: rx.received[0]!.id, type: "ping", verified: true });

      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        page.viewportSize()!.width,
      );
      if (isPhone(page)) {
        const modalBody = page.locator(".mantine-Modal-body");
        expect(await modalBody.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
      }
      await page.screenshot({ path: test.info().outputPath("event-endpoints.png"), fullPage: true });
      await expectNoAxeViolations(page);

      await card.getByRole("button", { name: "Delete" }).click();
      const confirm = page.getByRole("dialog", { name: "Delete this event endpoint?" });
      await confirm.getByRole("button", { name: "Delete endpoint" }).click();
      await expect(card).toHaveCount(0);
    } finally {
      await rx.close();
    }
  });
});

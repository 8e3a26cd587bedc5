import { expect, test } from "@playwright/test";
import { DEMO } from "./support/demo.js";
import { sessionToken, signIn, streamEntries } from "./support/fixtures.js";

// Markup that would run if any view rendered tags as HTML instead of text.
const PAYLOADS = ["<img src=x onerror=alert(1)>", '"><svg onload=alert(2)>', "x:<script>alert(3)</script>"];

test.describe("Hostile input", () => {
  test("markup in tags stays inert text on the overview, the stream list and the stream page", async ({ page }) => {
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await signIn(page, DEMO.admin);
    const token = await sessionToken(page);
    const created = await page.request.post("/api/stream", {
      headers: { "x-bintu-token": token },
      data: { tags: PAYLOADS },
    });
    expect(created.status()).toBe(201);
    const stream = (await created.json()) as { id: string; name: string; tags: string[] };
    expect(stream.tags.sort()).toEqual([...PAYLOADS].sort());
    try {
      await page.goto("/organisation/overview");
      const tagList = page.getByRole("list", { name: "Tags" });
      // Both sort before any letter, so they are on the first page.
      await expect(tagList).toContainText(PAYLOADS[0]!);
      await expect(tagList).toContainText(PAYLOADS[1]!);

      await page.goto(`/streams?tag=${encodeURIComponent(PAYLOADS[0]!)}`);
      const row = streamEntries(page, new RegExp(stream.name));
      for (const p of PAYLOADS) await expect(row).toContainText(p);

      await page.goto(`/streams/${stream.id}`);
      for (const p of PAYLOADS) await expect(page.getByText(p, { exact: true }).first()).toBeVisible();
      // Nothing was parsed as markup: no element the payloads would create exists, and no script ran.
      expect(await page.locator("main img[src='x'], main svg[onload], main script").count()).toBe(0);
      expect(dialogs).toEqual([]);
    } finally {
      const deleted = await page.request.delete(`/api/stream/${stream.id}`, { headers: { "x-bintu-token": token } });
      expect(deleted.status()).toBe(200);
    }
  });
});

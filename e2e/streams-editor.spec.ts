import { expect, test, type Locator, type Page } from "@playwright/test";
import { DEMO } from "./support/demo.js";
import { expectNoAxeViolations, sessionToken, signIn } from "./support/fixtures.js";

async function openCreate(page: Page): Promise<{ dialog: Locator; tags: Locator }> {
  await page.goto("/streams");
  await page.getByRole("button", { name: "Create stream" }).click();
  const dialog = page.getByRole("dialog", { name: "Create stream" });
  return { dialog, tags: dialog.getByLabel(/^Tags/) };
}

test.describe("Create Stream's tag editor", () => {
  test.beforeEach(async ({ page }) => signIn(page, DEMO.admin));

  test("after a tag is added the suggestions close, so Create Stream creates the stream with exactly those tags", async ({
    page,
  }) => {
    const { dialog, tags } = await openCreate(page);
    await tags.fill("region:e");
    await page.getByRole("option", { name: "region:eu" }).click();
    await expect(page.getByRole("listbox")).toHaveCount(0);
    await tags.fill("e2e:editor");
    await tags.press("Enter");
    await expect(page.getByRole("listbox")).toHaveCount(0);
    await expectNoAxeViolations(page);
    await dialog.getByRole("button", { name: "Create Stream" }).click();
    await expect(page).toHaveURL(/\/streams\/[0-9a-f-]{36}$/);
    const id = new URL(page.url()).pathname.split("/").pop()!;
    const stream = await page.request.get(`/api/stream/${id}`, {
      headers: { authorization: `Bearer ${await sessionToken(page)}` },
    });
    expect(((await stream.json()) as { tags: string[] }).tags.sort()).toEqual(["e2e:editor", "region:eu"]);
  });

  test("a 33rd tag is refused with a reason, and the counter shows the limit", async ({ page }) => {
    const { dialog, tags } = await openCreate(page);
    for (let i = 1; i <= 33; i++) {
      await tags.fill(`bulk-${i}`);
      await tags.press("Enter");
    }
    await expect(dialog.getByText("32 of 32 tags")).toBeVisible();
    await expect(dialog.getByText('A stream holds at most 32 tags: remove one to add "bulk-33".')).toBeVisible();
    await expect(dialog.locator("[class*='Pill-label']")).toHaveCount(32);
  });

  test("a tag over 64 characters is not added and the message names it; the server's refusal names the tag too", async ({
    page,
  }) => {
    const { dialog, tags } = await openCreate(page);
    const long = `summer-sale-${"x".repeat(60)}`;
    await tags.fill(long);
    await tags.press("Enter");
    await expect(
      dialog.getByText(`"${long.slice(0, 24)}…" is longer than 64 characters: shorten it to add it.`),
    ).toBeVisible();
    await expect(tags).toHaveValue(long);
    await expect(dialog.locator("[class*='Pill-label']")).toHaveCount(0);

    await tags.fill("fine");
    await tags.press("Enter");
    await tags.fill("evil\u202etag");
    await tags.press("Enter");
    await dialog.getByRole("button", { name: "Create Stream" }).click();
    // The server's message, read as a sentence beside the form.
    await expect(dialog.getByRole("alert")).toHaveText(
      'Tag 2 "evil?tag" contains control, bidi or invisible characters.',
    );
  });

  test("Cancel forgets the form: reopening shows no tags and no error", async ({ page }) => {
    const { dialog, tags } = await openCreate(page);
    await tags.fill("left-behind");
    await tags.press("Enter");
    await expect(dialog.locator("[class*='Pill-label']")).toHaveText(["left-behind"]);
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
    await page.getByRole("button", { name: "Create stream" }).click();
    await expect(dialog.locator("[class*='Pill-label']")).toHaveCount(0);
    await expect(dialog.getByText("0 of 32 tags", { exact: false })).toBeVisible();
  });
});

import { expect, test, type Page } from "@playwright/test";
import { expectNoHorizontalOverflow } from "./support/auth-pages.js";
import { expectNoAxeViolations } from "./support/fixtures.js";

/**
 * The e2e server is already set up, so the first-run API is stood in for: the page believes setup
 * is needed, and every POST is recorded and answered as the test says.
 */
async function openSetup(page: Page, answer: { status: number; body: unknown }) {
  const posts: unknown[] = [];
  await page.route("**/api/setup", async (route) => {
    if (route.request().method() === "GET") return route.fulfill({ json: { needed: true } });
    posts.push(route.request().postDataJSON());
    return route.fulfill({ status: answer.status, json: answer.body });
  });
  await page.goto("/setup#token=ods_placeholder");
  await expect(page.getByRole("heading", { level: 1, name: "Set up orgdeck" })).toBeVisible();
  return posts;
}

const field = (page: Page, label: string) => page.getByRole("textbox", { name: label, exact: false }).first();

test.describe("first-run setup page", () => {
  test("an empty submit flags every required field, each with its own message", async ({ page }) => {
    const posts = await openSetup(page, { status: 500, body: {} });
    await page.getByRole("button", { name: "Create organisation" }).click();
    for (const [label, message] of [
      ["Organisation name", "Enter your organisation's name."],
      ["Admin email", "Enter your email address."],
      ["Password", "Choose a password."],
      ["Confirm password", "Repeat the password."],
    ] as const) {
      const input = page.getByLabel(label, { exact: false }).and(page.locator("input")).first();
      await expect(input, label).toHaveAttribute("aria-invalid", "true");
      await expect(page.getByText(message)).toBeVisible();
    }
    // The first problem has the focus, so a keyboard user lands on it.
    await expect(field(page, "Organisation name")).toBeFocused();
    expect(posts).toHaveLength(0);
    await expectNoAxeViolations(page);
    await expectNoHorizontalOverflow(page);
    await page.screenshot({ path: test.info().outputPath("setup-empty.png"), fullPage: true });
  });

  test("names one organisation name limit, 100 characters, in the hint and in the check", async ({ page }) => {
    const posts = await openSetup(page, { status: 500, body: {} });
    const name = field(page, "Organisation name");
    await expect(page.getByText("Up to 100 characters")).toBeVisible();
    await expect(page.getByText(/200/)).toHaveCount(0);
    await name.fill("n".repeat(101));
    await page.getByRole("button", { name: "Create organisation" }).click();
    await expect(name).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByText("Use at most 100 characters (now 101).")).toBeVisible();
    expect(posts).toHaveLength(0);
    await name.fill("n".repeat(100));
    await expect(page.getByText(/Use at most 100 characters/)).toHaveCount(0);
    await expectNoHorizontalOverflow(page);
  });

  test("shows the server's refusal on its field, in words, without the API's field prefix", async ({ page }) => {
    const posts = await openSetup(page, {
      status: 400,
      body: {
        error: { code: "validation_failed", message: "password: password is too common; choose a longer passphrase" },
      },
    });
    await field(page, "Organisation name").fill("Acme Streaming");
    await field(page, "Admin email").fill("ops@acme.example");
    await page.getByLabel(/^Password/).fill("password1234");
    await page.getByLabel("Confirm password").fill("password1234");
    await page.getByRole("button", { name: "Create organisation" }).click();
    await expect.poll(() => posts.length).toBe(1);
    expect(posts[0]).toMatchObject({
      organisationName: "Acme Streaming",
      email: "ops@acme.example",
      token: "ods_placeholder",
    });
    await expect(page.getByLabel(/^Password/)).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByText("This password is too common; choose a longer passphrase.")).toBeVisible();
    await expect(page.getByText(/password:/)).toHaveCount(0);
    await expect(page.getByRole("alert").filter({ hasText: "Setup failed" })).toHaveCount(0);
    await expectNoAxeViolations(page);
  });
});

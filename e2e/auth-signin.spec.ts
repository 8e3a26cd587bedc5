import { expect, test } from "@playwright/test";
import { expectNoHorizontalOverflow } from "./support/auth-pages.js";
import { expectNoAxeViolations, isPhone } from "./support/fixtures.js";

test.describe("sign-in page", () => {
  test("has the reference's heading, explanation and brand panel, and explains how to reset a forgotten password", async ({
    page,
  }) => {
    await page.goto("/login");
    await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
    await expect(page.getByText("Sign in and continue streaming globally in real-time.")).toBeVisible();
    // The brand panel on wide screens; phones keep only the form under the brand mark.
    await expect(page.getByText("Real-time video that simply works")).toBeVisible({ visible: !isPhone(page) });

    const forgot = page.getByRole("button", { name: "Forgot password?" });
    await expect(forgot).toHaveAttribute("aria-expanded", "false");
    await forgot.click();
    await expect(forgot).toHaveAttribute("aria-expanded", "true");
    const help = page.locator(`#${await forgot.getAttribute("aria-controls")}`);
    await expect(help).toContainText("orgdeck sends no email");
    await expect(help).toContainText("password reset link");
    await expect(help).toContainText("orgdeck user:reset-password");
    await expectNoAxeViolations(page);
    await expectNoHorizontalOverflow(page);
    await page.screenshot({ path: test.info().outputPath("signin.png"), fullPage: true });
  });

  test("an empty submit flags both fields instead of asking the server", async ({ page }) => {
    await page.goto("/login");
    let calls = 0;
    await page.route("**/api/user/validate", (route) => {
      calls++;
      return route.continue();
    });
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByLabel(/^Email/)).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByLabel(/^Password/)).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByText("Enter your email address.")).toBeVisible();
    await expect(page.getByText("Enter your password.")).toBeVisible();
    expect(calls).toBe(0);
    await expectNoAxeViolations(page);
  });
});

test.describe("sign-in pages in the dark theme", () => {
  test.use({ colorScheme: "dark" });

  test("stay readable: the sign-in form with its help open, and a dead reset link", async ({ page }) => {
    await page.goto("/login");
    expect(await page.evaluate(() => document.documentElement.getAttribute("data-mantine-color-scheme"))).toBe("dark");
    await page.getByRole("button", { name: "Forgot password?" }).click();
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByText("Enter your password.")).toBeVisible();
    await expectNoAxeViolations(page);
    await page.goto(`/reset-password/odr_${"y".repeat(36)}`);
    await expect(page.getByRole("heading", { level: 1, name: "Link not valid" })).toBeVisible();
    await expectNoAxeViolations(page);
    await expectNoHorizontalOverflow(page);
  });
});

import { spawnSync } from "node:child_process";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { e2eDir } from "./support/demo.js";
import { expectNoAxeViolations, signIn } from "./support/fixtures.js";

const PASSWORD = "overview member passphrase";

/** A fresh organisation through the operator's command (so renaming it touches no other test's data). */
function createOrg(label: string): { email: string; password: string; name: string } {
  const email = `${label}-${test.info().project.name}-${Date.now()}@e2e.orgdeck.test`;
  const name = `${label} ${test.info().project.name} ${Date.now()}`;
  const password = `${label}-admin-passphrase`;
  const cli = spawnSync(
    process.execPath,
    [
      path.resolve("bin/orgdeck.mjs"),
      "org:create",
      "--name",
      name,
      "--admin-email",
      email,
      "--admin-password",
      password,
    ],
    {
      env: { ...process.env, DATABASE_URL: `sqlite:${path.join(e2eDir(), "e2e.db")}`, ORGDECK_DATA_DIR: e2eDir() },
      encoding: "utf8",
    },
  );
  expect(cli.status, cli.stderr).toBe(0);
  return { email, password, name };
}

/** A member holding a custom role with exactly `permissions`, joined by invitation through the API. */
async function memberWith(page: Page, admin: { email: string; password: string }, permissions: object) {
  const login = await page.request.post("/api/user/validate", {
    data: { email: admin.email, password: admin.password },
  });
  const headers = { "x-bintu-token": ((await login.json()) as { token: string }).token };
  const role = `narrow${Date.now()}`;
  expect(
    (
      await page.request.post("/api/permission", { headers, data: { name: role, label: "Narrow", permissions } })
    ).status(),
  ).toBe(201);
  const invite = await page.request.post("/api/invite", { headers, data: { role } });
  const token = ((await invite.json()) as { url: string }).url.split("/invite/")[1]!;
  const email = `${role}@example.com`;
  const accepted = await page.request.post(`/api/invite/${token}/accept`, {
    data: { email, password: PASSWORD, acceptTerms: true },
  });
  expect(accepted.status()).toBe(200);
  return { email, password: PASSWORD };
}

test.describe("Overview for every role", () => {
  test("a role without key or tag permissions sees what each card would need, not empty tables or errors", async ({
    page,
  }) => {
    const admin = createOrg("Narrow");
    const member = await memberWith(page, admin, { Organisation: ["Get"], Stream: ["GetStreams"] });
    await signIn(page, member);
    const api = page.getByRole("region", { name: "API Access" });
    await expect(api.getByTestId("permission-note")).toContainText("MetricKey.Get");
    await expect(api.getByRole("table")).toHaveCount(0);
    const tags = page.getByRole("region", { name: "Tags" });
    await expect(tags.getByTestId("permission-note")).toContainText("Tag.GetTags");
    await expect(page.getByRole("alert")).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Try again" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Rename organisation" })).toHaveCount(0);
    await page.screenshot({ path: test.info().outputPath("narrow-overview.png"), fullPage: true });
    await expectNoAxeViolations(page);
  });

  test("a role without Organisation.Get is told so on the Overview", async ({ page }) => {
    const admin = createOrg("Blind");
    const member = await memberWith(page, admin, { Stream: ["GetStreams"] });
    await signIn(page, member);
    await expect(page.getByTestId("permission-note")).toContainText("Organisation.Get");
    await expect(page.getByRole("button", { name: "Try again" })).toHaveCount(0);
    await expectNoAxeViolations(page);
  });

  test("an admin learns who enables packages and renames the organisation, which the activity log records", async ({
    page,
  }) => {
    const admin = createOrg("Fresh");
    await signIn(page, admin);
    const packages = page.getByRole("region", { name: "Enabled Packages" });
    await expect(packages.getByText("Upgrade needed").first()).toBeVisible();
    await expect(packages).toContainText("enabled by whoever runs this orgdeck installation (the operator)");
    await expect(packages.getByText(/orgdeck org:update --hash \w{5} --packages/)).toBeVisible();

    const opener = page.getByRole("button", { name: "Rename organisation" });
    await opener.click();
    const dialog = page.getByRole("dialog", { name: "Rename organisation" });
    const field = dialog.getByRole("textbox", { name: "Organisation name" });
    await expect(field).toHaveValue(admin.name);
    await field.fill("   ");
    await dialog.getByRole("button", { name: "Save name" }).click();
    await expect(dialog.getByText("Enter the organisation's name.")).toBeVisible();
    await expectNoAxeViolations(page);
    const renamed = `${admin.name} renamed`;
    await field.fill(renamed);
    await dialog.getByRole("button", { name: "Save name" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(renamed);
    await expect(page.getByRole("status").filter({ hasText: "now called" })).toHaveText(
      `The organisation is now called ${renamed}.`,
    );
    await expect.poll(() => opener.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.reload();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(renamed);

    await page.getByRole("tab", { name: "Activity" }).click();
    await expect(page.getByRole("main")).toContainText("Organisation renamed");
  });
});

import { expect, type Page } from "@playwright/test";

/** The page never scrolls sideways (390 px phones included). */
export async function expectNoHorizontalOverflow(page: Page): Promise<void> {
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, view: window.innerWidth }));
  expect(widths.scroll, "page wider than the viewport").toBeLessThanOrEqual(widths.view);
}

import { expect, type Locator, type Page } from "@playwright/test";

/** One piece of text whose contrast against what lies behind it is below WCAG AA. */
export interface ContrastProblem {
  text: string;
  ratio: number;
  required: number;
  color: string;
  background: string;
}

/**
 * Computes, in the page, the contrast of every visible text inside `root` against its effective
 * background: the element's own background and its ancestors', composited (alpha included) down to the
 * first opaque one. axe skips text whose background it cannot tell (semi-transparent "light" variants,
 * text inside alerts and buttons drawn with color-mix), which is exactly where the light theme hid
 * text before; this measures those too. Disabled controls are exempt (WCAG 1.4.3), as is text hidden
 * from everyone (visually hidden, aria-hidden). Large text (24 px, or 18.66 px bold) needs 3:1, other
 * text 4.5:1.
 */
export async function contrastProblems(root: Locator): Promise<ContrastProblem[]> {
  return root.evaluate((rootEl: Element) => {
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = 1;
    const ctx = canvas.getContext("2d", { willReadFrequently: true })!;
    // The canvas parses any CSS colour the browser computes (rgb(), color(srgb …), oklch(), …).
    const rgba = (css: string): [number, number, number, number] => {
      ctx.clearRect(0, 0, 1, 1);
      ctx.fillStyle = "#000";
      ctx.fillStyle = css;
      ctx.fillRect(0, 0, 1, 1);
      const [r, g, b, a] = ctx.getImageData(0, 0, 1, 1).data as unknown as number[];
      return a === 0 ? [0, 0, 0, 0] : [r! * (255 / a!), g! * (255 / a!), b! * (255 / a!), a! / 255];
    };
    const over = (top: number[], bottom: number[]): number[] => {
      const a = top[3]!;
      return [0, 1, 2].map((i) => top[i]! * a + bottom[i]! * (1 - a)).concat(1);
    };
    const luminance = (c: number[]) => {
      const [r, g, b] = c.slice(0, 3).map((v) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    const pageBackground = (): number[] => {
      for (const el of [document.body, document.documentElement]) {
        const c = rgba(getComputedStyle(el).backgroundColor);
        if (c[3] > 0) return over(c, [255, 255, 255, 1]);
      }
      return [255, 255, 255, 1];
    };
    /**
     * The colours behind `el`: one, or one per colour stop where a gradient lies behind it (the text
     * must be readable on each of them).
     */
    const backgroundsOf = (el: Element): number[][] => {
      const layers: number[][] = [];
      let gradient: number[][] = [];
      for (let e: Element | null = el; e; e = e.parentElement) {
        const style = getComputedStyle(e);
        const c = rgba(style.backgroundColor);
        const stops = style.backgroundImage.match(/(rgba?|color|oklch|oklab|hsla?)\([^()]*\)/g) ?? [];
        if (stops.length) {
          gradient = stops.map((s) => over(rgba(s), c[3] > 0 ? over(c, [255, 255, 255, 1]) : [255, 255, 255, 1]));
          break;
        }
        if (c[3] > 0) layers.push(c);
        if (c[3] >= 1) break;
      }
      const bottoms = gradient.length
        ? gradient
        : [layers.length && layers[layers.length - 1]![3]! >= 1 ? layers.pop()! : pageBackground()];
      return bottoms.map((bottom) => layers.reduceRight((bg, layer) => over(layer, bg), bottom));
    };
    const hex = (c: number[]) =>
      `#${c
        .slice(0, 3)
        .map((v) => Math.round(v).toString(16).padStart(2, "0"))
        .join("")}`;

    const problems: Array<{ text: string; ratio: number; required: number; color: string; background: string }> = [];
    const walker = document.createTreeWalker(rootEl, NodeFilter.SHOW_TEXT);
    const seen = new Set<Element>();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!el || seen.has(el) || !node.textContent?.trim()) continue;
      seen.add(el);
      if (el.closest("[aria-hidden='true'], :disabled, [aria-disabled='true'], [data-disabled], script, style"))
        continue;
      if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
      const rect = el.getBoundingClientRect();
      if (rect.width <= 1 || rect.height <= 1) continue;
      const style = getComputedStyle(el);
      if (style.clip === "rect(0px, 0px, 0px, 0px)" || style.clipPath === "inset(50%)") continue;
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      const required = large ? 3 : 4.5;
      const worst = backgroundsOf(el)
        .map((bg) => {
          const fg = over(rgba(style.color), bg);
          const [l1, l2] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
          return { fg, bg, ratio: Math.round(((l1! + 0.05) / (l2! + 0.05)) * 100) / 100 };
        })
        .sort((a, b) => a.ratio - b.ratio)[0]!;
      if (worst.ratio < required)
        problems.push({
          text: node.textContent.trim().slice(0, 60),
          ratio: worst.ratio,
          required,
          color: hex(worst.fg),
          background: hex(worst.bg),
        });
    }
    return problems;
  });
}

/** Fails naming every text below AA inside `root` (the whole page by default). */
export async function expectReadable(page: Page, root: Locator = page.locator("body"), what = "page"): Promise<void> {
  // Transitions and hover tooltips settle first: a half-faded element is not what a reader sees.
  await page.mouse.move(0, 0);
  await page.waitForTimeout(250);
  expect(await contrastProblems(root), `text below WCAG AA contrast in ${what}`).toEqual([]);
}

/** Runs `check` in the light theme and again in the dark one (the dashboard follows the system setting). */
export async function inBothThemes(page: Page, check: (scheme: "light" | "dark") => Promise<void>): Promise<void> {
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await expect(page.locator("html")).toHaveAttribute("data-mantine-color-scheme", scheme);
    await check(scheme);
  }
}

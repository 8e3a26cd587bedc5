/**
 * Keyboard behaviour of dialogs, for every dialog and drawer at once:
 *
 * - Escape closes only the topmost dialog. The library closes every open dialog on one Escape (each
 *   listens on the window), so the Update User Role dialog took the user panel beneath it along.
 * - Focus returns to the control that opened a dialog. The library remembers the opener only when a
 *   dialog opens after it was mounted; dialogs that mount already open (loaded on demand, or rendered
 *   only while needed) and dialogs opened from a menu item (gone once the menu closes) left focus on
 *   the page body. Here the last focused control outside the dialog (menu items count as their menu's
 *   button) gets focus back when focus would otherwise fall to the body.
 */

const DIALOG = '[role="dialog"]';
/** Popups that close themselves before a dialog opens: their menu button stands for them. */
const TRANSIENT = '[role="menu"], [role="listbox"], [role="tooltip"]';

function openDialogs(): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>(DIALOG)].filter((d) => d.checkVisibility());
}

/** The dialog the keyboard is in: the one holding focus, else the last opened (portals append). */
function topDialog(): HTMLElement | null {
  const open = openDialogs();
  const focused = document.activeElement?.closest<HTMLElement>(DIALOG);
  return focused && open.includes(focused) ? focused : (open[open.length - 1] ?? null);
}

export function installDialogKeyboard(): void {
  // Registered before the library's listeners (capture, on window), so it runs first.
  window.addEventListener(
    "keydown",
    (event) => {
      if (event.key !== "Escape" || event.isComposing) return;
      const target = event.target as HTMLElement | null;
      // An open dropdown inside the dialog takes this Escape (the library marks its input).
      if (target?.getAttribute?.("data-mantine-stop-propagation") === "true") return;
      if (openDialogs().length < 2) return;
      const top = topDialog();
      const close = top?.querySelector<HTMLElement>('button[aria-label="Close"]');
      if (!close) return;
      event.stopImmediatePropagation();
      event.preventDefault();
      close.click();
    },
    { capture: true },
  );

  // The last control focused in each layer (the page, or one dialog).
  const lastFocused = new WeakMap<Node, HTMLElement>();
  document.addEventListener(
    "focusin",
    (event) => {
      const el = event.target as HTMLElement;
      if (!(el instanceof HTMLElement) || el.closest(TRANSIENT)) return;
      lastFocused.set(el.closest(DIALOG) ?? document, el);
    },
    true,
  );

  let pending = 0;
  const restore = () => {
    pending = 0;
    const active = document.activeElement;
    if (active && active !== document.body) return;
    const layer: Node = topDialog() ?? document;
    const back = lastFocused.get(layer);
    if (back?.isConnected && back.checkVisibility()) back.focus({ preventScroll: true });
    else if (layer !== document) (layer as HTMLElement).focus({ preventScroll: true });
    // The opener is gone (its row was deleted): continue from the page's content.
    else document.getElementById("main")?.focus({ preventScroll: true });
  };
  // Focus falls to the body without an event when the focused element leaves the document: watch for
  // a dialog leaving it (only then, so a click on the page's background keeps focus where it put it).
  const isDialogGone = (n: Node) => n instanceof HTMLElement && (n.matches(DIALOG) || n.querySelector(DIALOG) !== null);
  new MutationObserver((records) => {
    if (pending || !records.some((r) => [...r.removedNodes].some(isDialogGone))) return;
    pending = window.setTimeout(restore, 30);
  }).observe(document.body, { childList: true, subtree: true });
}

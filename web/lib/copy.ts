/**
 * Copies text to the clipboard and says whether it really did. The Clipboard API exists only in secure
 * contexts (https, localhost): on a plain-http LAN address `navigator.clipboard` is undefined, so there
 * the text is copied the older way, from a hidden textarea with `document.execCommand("copy")`, which
 * browsers still allow during a click. Callers show "Copied" only on true.
 */
export async function copyText(text: string): Promise<boolean> {
  if (typeof navigator !== "undefined" && navigator.clipboard?.writeText) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // Refused (permission, focus): the fallback below may still work.
    }
  }
  return copyWithSelection(text);
}

function copyWithSelection(text: string): boolean {
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.setAttribute("aria-hidden", "true");
  area.tabIndex = -1;
  // In view (some browsers scroll to or refuse an off-screen selection) but invisible.
  Object.assign(area.style, { position: "fixed", top: "0", left: "0", width: "1px", height: "1px", opacity: "0" });
  const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  // Inside an open dialog when there is one, so a focus trap does not pull focus away from it.
  const host = before?.closest("[role=dialog]") ?? document.body;
  host.appendChild(area);
  let copied = false;
  try {
    area.focus({ preventScroll: true });
    area.select();
    area.setSelectionRange(0, text.length);
    copied = document.execCommand("copy");
  } catch {
    copied = false;
  } finally {
    area.remove();
    before?.focus({ preventScroll: true });
  }
  return copied;
}

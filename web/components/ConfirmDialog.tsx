import { lazyDialog } from "./lazy-dialog.js";

/** A confirmation that states the consequences before a destructive or exposing action. */
export const ConfirmDialog = lazyDialog(async () => (await import("./ConfirmDialogModal.js")).ConfirmDialogModal);

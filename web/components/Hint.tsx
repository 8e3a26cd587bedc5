import type { ReactNode } from "react";
import classes from "./Hint.module.css";

/**
 * A label shown above an icon button on hover and keyboard focus. Plain CSS on purpose: the library's
 * Tooltip brings a positioning engine (about 20 KB gzip) into the first page. The button carries the
 * same text as its accessible name, so the hint itself is hidden from screen readers.
 */
export function Hint({ label, children }: { label: string; children: ReactNode }) {
  return (
    <span className={classes.wrap}>
      {children}
      <span className={classes.tip} aria-hidden>
        {label}
      </span>
    </span>
  );
}

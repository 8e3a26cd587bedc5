import type { CSSProperties, HTMLAttributes, ReactNode, TdHTMLAttributes, ThHTMLAttributes } from "react";
import classes from "./plain-table.module.css";

/**
 * The library's table look without the library's Table: that component carries a scroll container
 * which pulls the popup positioning engine (about 20 KB gzip) into every page that shows a table.
 * Same parts and the few style props the dashboard uses (w, miw, maw, ff, verticalSpacing).
 */
type Size = number | string;
interface BoxProps {
  w?: Size;
  miw?: Size;
  maw?: Size;
  ff?: "monospace";
  style?: CSSProperties;
  children?: ReactNode;
}
const px = (v: Size | undefined) => (typeof v === "number" ? `${v}px` : v);
const boxStyle = ({ w, miw, maw, ff, style }: BoxProps): CSSProperties => ({
  ...(w !== undefined ? { width: px(w) } : {}),
  ...(miw !== undefined ? { minWidth: px(miw) } : {}),
  ...(maw !== undefined ? { maxWidth: px(maw) } : {}),
  ...(ff ? { fontFamily: "var(--mantine-font-family-monospace)" } : {}),
  ...style,
});

function Root({
  verticalSpacing,
  highlightOnHover,
  withTableBorder,
  className,
  children,
  ...rest
}: HTMLAttributes<HTMLTableElement> & {
  verticalSpacing?: "xs" | "sm" | "md";
  highlightOnHover?: boolean;
  withTableBorder?: boolean;
}) {
  const cls = [
    classes.table,
    highlightOnHover ? classes.hover : "",
    withTableBorder ? classes.bordered : "",
    verticalSpacing === "xs" ? classes.compact : "",
    className ?? "",
  ];
  return (
    <table className={cls.filter(Boolean).join(" ")} {...rest}>
      {children}
    </table>
  );
}

const Thead = (p: HTMLAttributes<HTMLTableSectionElement>) => <thead {...p} />;
const Tbody = (p: HTMLAttributes<HTMLTableSectionElement>) => <tbody {...p} />;
const Tr = (p: HTMLAttributes<HTMLTableRowElement>) => <tr {...p} />;
function Th({ w, miw, maw, ff, style, ...rest }: BoxProps & Omit<ThHTMLAttributes<HTMLTableCellElement>, "style">) {
  return <th style={boxStyle({ w, miw, maw, ff, style })} {...rest} />;
}
function Td({ w, miw, maw, ff, style, ...rest }: BoxProps & Omit<TdHTMLAttributes<HTMLTableCellElement>, "style">) {
  return <td style={boxStyle({ w, miw, maw, ff, style })} {...rest} />;
}

export const Table = Object.assign(Root, { Thead, Tbody, Tr, Th, Td });

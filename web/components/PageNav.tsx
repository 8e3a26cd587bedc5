import { ActionIcon, Button, Group, Text } from "@mantine/core";
import { IconChevronLeft, IconChevronRight, IconChevronsLeft, IconChevronsRight } from "@tabler/icons-react";
import type { JumpPages } from "../lib/jump-pages.js";

/** Page numbers around the current one: 1 … 4 5 [6] 7 8 … 80. */
function pageWindow(page: number, count: number, around: number): Array<number | "gap"> {
  const out: Array<number | "gap"> = [];
  const from = Math.max(2, page - around);
  const to = Math.min(count - 1, page + around);
  out.push(1);
  if (from > 2) out.push("gap");
  for (let p = from; p <= to; p++) out.push(p);
  if (to < count - 1) out.push("gap");
  if (count > 1) out.push(count);
  return out;
}

/**
 * "Showing 26 - 50 of 2000 streams" with first, previous, numbered, next and last page buttons (on
 * phones: first, previous, "Page 2 of 80", next, last). Pages out of the server's jump range are
 * reached with Next. The range is announced politely, so a screen reader hears where a turn landed.
 */
export function PageNav(props: {
  pages: JumpPages;
  pageSize: number;
  /** Rows on this page. */
  count: number;
  total: number;
  totalCapped?: boolean | undefined;
  /** The server's cursor for the following page. */
  next: string | null | undefined;
  noun: string;
  compact?: boolean;
}) {
  const { pages, pageSize, count, total, next, noun } = props;
  const page = pages.page;
  const first = (page - 1) * pageSize + 1;
  const last = (page - 1) * pageSize + count;
  const known = Math.max(total, last);
  const pageCount = pages.pageCount(known);
  const range =
    count === 0
      ? page === 1
        ? ""
        : "No more rows"
      : `Showing ${first} - ${last} of ${known}${props.totalCapped ? "+" : ""} ${noun}`;
  const hasNext = Boolean(next) || (!props.totalCapped && page < pageCount);
  const lastReachable = !props.totalCapped && page < pageCount && pages.canJump(pageCount, known);
  const icon = (label: string, Icon: typeof IconChevronLeft, disabled: boolean, onClick: () => void) => (
    <ActionIcon variant="subtle" color="gray" size="lg" aria-label={label} disabled={disabled} onClick={onClick}>
      <Icon size={18} />
    </ActionIcon>
  );
  return (
    <Group gap="xs" justify="space-between" wrap="wrap" w="100%">
      <Text size="sm" c="dimmed" aria-live="polite">
        {range}
      </Text>
      <Group component="nav" aria-label={`${noun} pages`} gap={4} wrap="nowrap">
        {icon(`First ${noun} page`, IconChevronsLeft, page === 1, () => pages.jump(1, known))}
        {icon(`Previous ${noun} page`, IconChevronLeft, page === 1, () => pages.jump(page - 1, known))}
        {props.compact ? (
          <Text size="sm" px={4} style={{ whiteSpace: "nowrap" }}>
            Page {page} of {pageCount}
            {props.totalCapped ? "+" : ""}
          </Text>
        ) : (
          pageWindow(page, pageCount, 2).map((p, i) =>
            p === "gap" ? (
              <Text key={`gap${i}`} size="sm" c="dimmed" aria-hidden>
                …
              </Text>
            ) : (
              <Button
                key={p}
                size="compact-sm"
                variant={p === page ? "filled" : "subtle"}
                color={p === page ? "brand" : "gray"}
                aria-label={`Page ${p}`}
                aria-current={p === page ? "page" : undefined}
                disabled={p !== page && !pages.canJump(p, known)}
                onClick={() => p !== page && pages.jump(p, known)}
              >
                {p}
              </Button>
            ),
          )
        )}
        {icon(`Next ${noun} page`, IconChevronRight, !hasNext, () => pages.next(next, known))}
        {icon(`Last ${noun} page`, IconChevronsRight, !lastReachable, () => pages.jump(pageCount, known))}
      </Group>
    </Group>
  );
}

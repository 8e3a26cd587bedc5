import { ActionIcon, Group, Text } from "@mantine/core";
import { IconChevronLeft, IconChevronRight } from "@tabler/icons-react";

/**
 * "Showing 1 - 35 of 80 tags" with previous/next buttons, for keyset-paged lists: `next` is the
 * server's cursor for the following page (null on the last). The range is announced politely, so a
 * screen reader hears where a page turn landed.
 */
export function Pager(props: {
  /** 0 for the first page. */
  page: number;
  pageSize: number;
  /** Rows on this page. */
  count: number;
  total: number;
  next: string | null | undefined;
  onPrevious: () => void;
  onNext: (cursor: string) => void;
  /** Plural noun for the range text, e.g. "tags". */
  noun: string;
  /** Accessible names of the buttons; default "Previous <noun> page" / "Next <noun> page". */
  previousLabel?: string;
  nextLabel?: string;
  /** Shown instead of the range when there is nothing. */
  emptyText?: string;
  /** "of N+" when the server stopped counting at N. */
  totalCapped?: boolean;
}) {
  const { page, pageSize, count, total, next, noun } = props;
  const first = page * pageSize + 1;
  const last = page * pageSize + count;
  const range =
    count === 0
      ? page === 0
        ? (props.emptyText ?? "")
        : "No more rows"
      : `Showing ${first} - ${last} of ${Math.max(total, last)}${props.totalCapped ? "+" : ""} ${noun}`;
  return (
    <Group gap="xs" wrap="nowrap">
      <Text size="sm" c="dimmed" aria-live="polite">
        {range}
      </Text>
      <Group gap={4} wrap="nowrap">
        <ActionIcon
          variant="subtle"
          color="gray"
          aria-label={props.previousLabel ?? `Previous ${noun} page`}
          disabled={page === 0}
          onClick={props.onPrevious}
        >
          <IconChevronLeft size={18} />
        </ActionIcon>
        <ActionIcon
          variant="subtle"
          color="gray"
          aria-label={props.nextLabel ?? `Next ${noun} page`}
          disabled={!next}
          onClick={() => next && props.onNext(next)}
        >
          <IconChevronRight size={18} />
        </ActionIcon>
      </Group>
    </Group>
  );
}

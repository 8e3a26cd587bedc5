import { ActionIcon, Group, Text } from "@mantine/core";
import { IconChevronLeft, IconChevronRight } from "@tabler/icons-react";

/**
 * "Showing 1 - 35 of 80 tags" with previous/next buttons. The range is announced politely, so a
 * screen reader hears where a page turn landed.
 */
export function Pager(props: {
  offset: number;
  pageSize: number;
  total: number;
  /** Plural noun for the range text, e.g. "tags". */
  noun: string;
  onOffset: (offset: number) => void;
  /** Accessible names of the buttons; default "Previous <noun> page" / "Next <noun> page". */
  previousLabel?: string;
  nextLabel?: string;
  /** Shown instead of the range when there is nothing. */
  emptyText?: string;
}) {
  const { offset, pageSize, total, noun, onOffset } = props;
  const last = Math.min(offset + pageSize, total);
  return (
    <Group gap="xs" wrap="nowrap">
      <Text size="sm" c="dimmed" aria-live="polite">
        {total === 0 ? (props.emptyText ?? "") : `Showing ${offset + 1} - ${last} of ${total} ${noun}`}
      </Text>
      <Group gap={4} wrap="nowrap">
        <ActionIcon variant="subtle" color="gray" aria-label={props.previousLabel ?? `Previous ${noun} page`} disabled={offset === 0} onClick={() => onOffset(Math.max(0, offset - pageSize))}>
          <IconChevronLeft size={18} />
        </ActionIcon>
        <ActionIcon variant="subtle" color="gray" aria-label={props.nextLabel ?? `Next ${noun} page`} disabled={last >= total} onClick={() => onOffset(offset + pageSize)}>
          <IconChevronRight size={18} />
        </ActionIcon>
      </Group>
    </Group>
  );
}

import { Badge, Divider, Group, NativeSelect, Paper, Text, Title } from "@mantine/core";
import { useState } from "react";
import { Link } from "react-router";
import { Pager } from "../../../components/Pager.js";
import { useCursorPages } from "../../../lib/cursor-pages.js";
import { QueryState } from "../../../components/QueryState.js";
import { useTags } from "../api/list-tags.js";

const PAGE_SIZES = ["35", "50", "100"];

export function TagsCard() {
  const [pageSize, setPageSize] = useState(35);
  const pages = useCursorPages(String(pageSize));
  const tags = useTags(pageSize, pages.cursor);
  const total = tags.data?.total ?? 0;

  return (
    <section aria-labelledby="tags-heading">
      <Title order={2} id="tags-heading" size="h3" c="brand" mb="sm">
        Tags
      </Title>
      <Paper withBorder radius="md" p="md">
        <QueryState isPending={tags.isPending} error={tags.error} retry={() => void tags.refetch()}>
          {total === 0 ? (
            <Text size="sm" c="dimmed">
              No tags yet. Tags appear here once streams carry them.
            </Text>
          ) : (
            <Group gap={6} aria-label="Tags" component="ul" m={0} p={0} style={{ listStyle: "none" }}>
              {tags.data?.tags.map((t) => (
                <li key={t.name}>
                  <Badge
                    component={Link}
                    to={`/streams?tag=${encodeURIComponent(t.name)}`}
                    variant="light"
                    color="brand"
                    tt="none"
                    radius="sm"
                    style={{ cursor: "pointer" }}
                    title={`${t.streams} stream${t.streams === 1 ? "" : "s"}`}
                  >
                    {t.name}
                  </Badge>
                </li>
              ))}
            </Group>
          )}
          <Divider my="md" />
          <Group justify="flex-end" gap="md">
            <Group gap="xs">
              <Text size="sm" c="dimmed" id="tags-per-page">
                Tags per page
              </Text>
              {/* Native: the menu is the platform's own, and no popup code ships with the first page. */}
              <NativeSelect
                aria-labelledby="tags-per-page"
                data={PAGE_SIZES}
                value={String(pageSize)}
                onChange={(e) => setPageSize(Number(e.currentTarget.value))}
                w={80}
                size="xs"
              />
            </Group>
            <Pager
              page={pages.page}
              pageSize={pageSize}
              count={tags.data?.tags.length ?? 0}
              total={total}
              next={tags.data?.next}
              onPrevious={pages.previous}
              onNext={pages.next}
              noun="tags"
              emptyText="Showing 0 of 0 tags"
            />
          </Group>
        </QueryState>
      </Paper>
    </section>
  );
}

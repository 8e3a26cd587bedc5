import { Button, Group, Image, Paper, Text, Title } from "@mantine/core";
import { IconRefresh } from "@tabler/icons-react";
import { errorMessage } from "../../../lib/api.js";
import { useThumbnail } from "../api/thumbnail.js";

/** Live Processing: the latest thumbnail, with Refresh (the page does not update it by itself). */
export function ThumbnailPanel({ url, name }: { url: string; name: string }) {
  const thumb = useThumbnail(url);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="thumbnail-heading">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4" id="thumbnail-heading">
          Thumbnail
        </Title>
        <Button
          size="xs"
          variant="light"
          leftSection={<IconRefresh size={16} aria-hidden />}
          loading={thumb.query.isFetching}
          onClick={() => void thumb.query.refetch()}
        >
          Refresh
        </Button>
      </Group>
      {thumb.interval !== null && (
        <Text size="sm" c="dimmed" mb="xs" data-testid="thumbnail-interval">
          A new thumbnail every {thumb.interval} s while the stream is live.
        </Text>
      )}
      {thumb.query.isError ? (
        <Text size="sm" c="red" role="alert">
          Could not load the thumbnail: {errorMessage(thumb.query.error)}
        </Text>
      ) : thumb.src ? (
        <Image src={thumb.src} alt={`Latest thumbnail of ${name}`} maw={480} radius="sm" />
      ) : thumb.missing ? (
        <Text size="sm" c="dimmed">
          No thumbnail yet: one is taken while the stream is live.
        </Text>
      ) : null}
    </Paper>
  );
}
